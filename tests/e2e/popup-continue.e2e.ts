// Issue #12: the toolbar popup continues its last conversation. Asked in the popup, the popup page
// closed and opened again (also after the service worker was stopped), the conversation is on
// screen and a follow-up goes into it: the fake model receives the earlier turn. New starts a fresh
// conversation the model sees alone; the popup's model picker chooses the model the playground gets.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultAnswer, sel, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { modelGot, norm, visibleTurns } from './conversation-view';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let popup: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 5 }, open: '/popup.html' }, (suite) => ({ emulator, ext, page: popup } = suite));

async function reopen(): Promise<Page> {
  await popup.close();
  popup = await ext.openPage('/popup.html');
  return popup;
}

/** The socket frames the playground received, as text (the model travels in setConfig / state frames). */
const framesIn = () => emulator.log.filter((e) => e.kind === 'ws-in').map((e) => JSON.stringify(e.frame ?? e.body ?? ''));

describe('popup continues its last conversation', () => {
  it('reopens on it (also after a worker restart); a follow-up goes into it with the earlier turns; New starts fresh', async () => {
    emulator.clearLog();
    const first = `Where do puffins nest ${Date.now()}?`;
    await sendPrompt(popup, first);
    await waitForAnswer(popup, { status: 'done' });

    // Closed and opened again: the conversation is on screen.
    await reopen();
    await expect.poll(() => popup.locator(sel.user).first().innerText().catch(() => ''), { timeout: 10_000 }).toBe(first);
    await waitForAnswer(popup, { status: 'done' });
    expect(await visibleTurns(popup)).toEqual([
      { role: 'user', text: first },
      { role: 'assistant', text: norm(defaultAnswer(first)) },
    ]);

    // The worker stops while the popup is closed: the memory is in storage, not in a global.
    await popup.close();
    await ext.stopServiceWorker();
    popup = await ext.openPage('/popup.html');
    await expect.poll(() => popup.locator(sel.user).first().innerText().catch(() => ''), { timeout: 15_000 }).toBe(first);

    // A follow-up, typed and sent with Enter: it goes into the same conversation.
    const second = `And when do they fly south ${Date.now()}?`;
    await popup.locator(sel.composer).fill(second);
    await popup.locator(sel.composer).press('Enter');
    await expect.poll(() => popup.locator(sel.assistant).count(), { timeout: 10_000 }).toBe(2);
    await waitForAnswer(popup, { status: 'done', after: 1 });
    expect((await visibleTurns(popup)).map((t) => t.text)).toEqual([first, norm(defaultAnswer(first)), second, norm(defaultAnswer(second))]);
    // The model got the earlier turn with the follow-up.
    expect(await modelGot(emulator, 2)).toEqual([
      { role: 'user', text: first },
      { role: 'assistant', text: norm(defaultAnswer(first)) },
      { role: 'user', text: second },
    ]);

    // New: an empty popup, and the next question is the model's only turn.
    await popup.locator(sel.newChat).click();
    await expect.poll(() => popup.locator(sel.message).count()).toBe(0);
    const fresh = `A fresh question ${Date.now()}`;
    await sendPrompt(popup, fresh);
    await waitForAnswer(popup, { status: 'done' });
    expect(await modelGot(emulator, 3)).toEqual([{ role: 'user', text: fresh }]);
    // And the popup reopens on the fresh one.
    await reopen();
    await expect.poll(() => popup.locator(sel.user).first().innerText().catch(() => ''), { timeout: 10_000 }).toBe(fresh);
    expect(await popup.locator(sel.user).count()).toBe(1);
  });

  it('the popup model picker chooses the model the playground receives', async () => {
    await popup.locator(sel.newChat).click();
    const picker = popup.locator(sel.modelPicker);
    await expect.poll(() => picker.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(2);
    const current = await picker.inputValue();
    const values = await picker.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    const chosen = values.find((v) => v && v !== current && !framesIn().some((f) => f.includes(`"model":"${v}"`)))!;
    expect(chosen).toBeTruthy();
    await picker.selectOption(chosen);
    const prompt = `Which model answers ${Date.now()}?`;
    await sendPrompt(popup, prompt);
    await waitForAnswer(popup, { status: 'done' });
    expect(framesIn().some((f) => f.includes(`"model":"${chosen}"`))).toBe(true);
    // Reopened, the popup still shows that model for its conversation.
    await reopen();
    await expect.poll(() => popup.locator(sel.user).first().innerText().catch(() => ''), { timeout: 10_000 }).toBe(prompt);
    await expect.poll(() => popup.locator(sel.modelPicker).inputValue()).toBe(chosen);
  });
});
