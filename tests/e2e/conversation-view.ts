// The conversation as the user sees it and as the fake model received it, in one comparable shape
// (role + whitespace-normalised text), for the tests that check the model sees exactly the screen.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { messageText, sel, type Emulator } from './harness';
import { answerInputs } from './faults-kit';

export const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
export type Turn = { role: string; text: string };

/** The conversation on screen, oldest first. */
export async function visibleTurns(page: Page): Promise<Turn[]> {
  const all = page.locator(sel.message);
  const out: Turn[] = [];
  for (let i = 0; i < (await all.count()); i++) {
    const m = all.nth(i);
    out.push({ role: (await m.getAttribute('data-role')) ?? '?', text: norm(await messageText(m)) });
  }
  return out;
}

/**
 * What the fake model received for the latest answer, once `requests` answer requests have reached
 * it (model-written title requests are not answers: faults-kit.ts answerInputs).
 */
export async function modelGot(emulator: Emulator, requests: number): Promise<Turn[]> {
  await expect.poll(() => answerInputs(emulator).length, { timeout: 10_000 }).toBe(requests);
  return answerInputs(emulator).at(-1)!.prompt.map((m) => ({ role: m.role, text: norm(m.text) }));
}
