// What the model receives is exactly the conversation on screen (issue #17): the agents server keeps
// its own transcript and merges what we send into it; the emulator models that merge and logs what
// its fake model got. Driven through the real side panel: turns two and three, after Stop, after
// Continue, after Regenerate. No system prompt is set, so none may reach the model (issue #11).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CONTINUE_PROMPT } from '../../lib/background/engine/history';
import { sel, sendPrompt, waitForAnswer, type Emulator } from './harness';
import { modelGot, norm, visibleTurns } from './conversation-view';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let page: Page;


/** A long echo answer (one token per word) that streams slowly enough to stop. */
const longPrompt = (tag: string) => `${tag} ${Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ')}`;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 5 } }, (suite) => ({ emulator, page } = suite));

describe('the model sees exactly the visible conversation', () => {
  it('turns one to three, Stop, a turn after Stop, Continue and Regenerate', async () => {
    emulator.clearLog();
    let requests = 0;

    await sendPrompt(page, 'First turn');
    await waitForAnswer(page);
    expect(await modelGot(emulator, ++requests)).toEqual((await visibleTurns(page)).slice(0, 1));

    await sendPrompt(page, 'Second turn');
    await waitForAnswer(page, { after: 1 });
    expect(await modelGot(emulator, ++requests)).toEqual((await visibleTurns(page)).slice(0, 3));

    await sendPrompt(page, 'Third turn');
    await waitForAnswer(page, { after: 2 });
    expect(await modelGot(emulator, ++requests)).toEqual((await visibleTurns(page)).slice(0, 5));

    // Stop mid-answer: the partial answer stays on screen (and on the server, under its own id).
    const stopAt = async (prompt: string, answersBefore: number) => {
      emulator.configure({ tokenDelayMs: 40 });
      await sendPrompt(page, prompt);
      await expect.poll(() => page.locator(sel.assistant).count(), { timeout: 10_000 }).toBe(answersBefore + 1);
      await expect.poll(async () => (await visibleTurns(page)).at(-1)?.text.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(40);
      await page.locator(sel.stop).click();
      await waitForAnswer(page, { status: 'stopped', after: answersBefore });
      emulator.configure({ tokenDelayMs: 5 });
    };
    await stopAt(longPrompt('Stop me'), 3);
    ++requests;
    const afterStop = await visibleTurns(page);
    expect(afterStop).toHaveLength(8);

    // A turn after the Stop (stopped too, to continue it next): the partial answer reaches the model once.
    await stopAt(longPrompt('After the stop'), 4);
    const got = await modelGot(emulator, ++requests);
    expect(got).toEqual((await visibleTurns(page)).slice(0, 9));
    expect(got.filter((m) => m.text === afterStop[7].text)).toHaveLength(1);

    // Continue the stopped answer: the whole visible history with the partial once, then the hidden nudge.
    const beforeContinue = await visibleTurns(page);
    await page.locator('[data-testid=continue]').last().click();
    const continued = await modelGot(emulator, ++requests);
    expect(continued).toEqual([...beforeContinue, { role: 'user', text: norm(CONTINUE_PROMPT) }]);
    await waitForAnswer(page, { after: 4 });

    // Regenerate the last answer: the model gets everything before it, and not the old answer.
    const before = await visibleTurns(page);
    await page.locator('[data-testid=regenerate]').last().click();
    const regenerated = await modelGot(emulator, ++requests);
    expect(regenerated).toEqual(before.slice(0, before.length - 1));
    await waitForAnswer(page, { after: 4 });
    expect(regenerated.some((m) => m.role === 'system')).toBe(false);
  });
});
