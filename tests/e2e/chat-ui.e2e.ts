// The side-panel chat end to end (issue #3): stop, regenerate, edit and resend, history sent with
// the second turn, the model choice reaching the playground, closing the panel mid-answer, and
// conversations surviving a browser restart. Real Chromium, the built extension, the emulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { longAnswer } from '../emulator/answer';
import {
  defaultAnswer,
  lastAssistant,
  launchExtension,
  sel,
  sendPrompt,
  waitForAnswer,
  type Emulator,
  type LaunchedExtension,
} from './harness';
import { useExtensionSuite } from './suite';
import { isChatFrame, isTitleRequest } from './faults-kit';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

const chatBodies = () =>
  emulator.log
    .filter(isChatFrame) // answers only (a model-written title request is not one)
    .map((e) => e.body as { messages: { role: string; parts: { text: string }[] }[] });
const lastTexts = () => chatBodies().at(-1)?.messages.map((m) => `${m.role}: ${m.parts.map((p) => p.text).join('')}`);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 5 } }, (suite) => ({ emulator, ext, page } = suite));
beforeEach(async () => {
  emulator.configure({ tokenDelayMs: 5, faults: { active: [], times: {} } });
  emulator.clearLog();
  await page.locator(sel.newChat).click();
  await expect.poll(() => page.locator(sel.message).count()).toBe(0);
});

describe('side-panel chat', () => {
  it('a long answer keeps only what is in view laid out: blocks scrolled away are skipped, shown again when scrolled to, and the list still ends at the bottom', async () => {
    emulator.configure({ tokenDelayMs: 0 });
    await sendPrompt(page, '/long 1500 in view');
    await waitForAnswer(page, { status: 'done', timeoutMs: 30_000 });
    // checkVisibility({ contentVisibilityAuto: true }) is false inside a block whose content Chrome skips.
    const shown = (which: 'first' | 'last') =>
      page.evaluate((which) => {
        // The block itself stays visible; what Chrome skips is its content.
        const blocks = [...document.querySelectorAll('[data-testid=message][data-role=assistant] .fc-md > ul')];
        return (which === 'first' ? blocks[0] : blocks.at(-1))!.firstElementChild!.checkVisibility({ contentVisibilityAuto: true });
      }, which);
    await expect.poll(() => shown('first')).toBe(false);
    expect(await shown('last')).toBe(true);
    // Blocks that came into view after the last frame grew from their size estimate: the list still
    // ends at the bottom, the answer's last line in view.
    const gap = () => page.locator('[data-testid=message-list]').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await expect.poll(gap).toBeLessThanOrEqual(2);
    await page.evaluate(() => document.querySelector('[data-testid=message][data-role=assistant] .fc-md > ul')!.scrollIntoView());
    await expect.poll(() => shown('first')).toBe(true);
    // Reopened, the panel shows the conversation's end, although every block starts from its estimate.
    await page.reload();
    await expect.poll(() => page.locator(sel.assistant).count()).toBe(1);
    await expect.poll(() => shown('first')).toBe(false);
    await page.waitForTimeout(300); // no later frame may be what brings it to the bottom
    expect(await gap()).toBeLessThanOrEqual(2);
  });

  it('stops an answer mid-stream, keeping what was written', async () => {
    emulator.configure({ tokenDelayMs: 25 });
    await sendPrompt(page, '/long 400 stop me');
    await expect.poll(async () => (await lastAssistant(page)).text.length, { timeout: 10_000 }).toBeGreaterThan(40);
    await page.locator(sel.stop).click();
    const stopped = await waitForAnswer(page, { status: 'stopped' });
    expect(stopped.text.length).toBeGreaterThan(40);
    expect(await page.locator(sel.stop).count()).toBe(0);
    // The server was told to stop (cancel frame), and the text is not the whole answer.
    await expect.poll(() => emulator.log.some((e) => e.kind === 'ws-in' && (e.frame as { type?: string }).type === 'cf_agent_chat_request_cancel')).toBe(true);
    expect(norm(stopped.text).length).toBeLessThan(norm(longAnswer(400).join('')).length);
  });

  it('regenerates an answer in place', async () => {
    await sendPrompt(page, 'Regenerate me');
    await waitForAnswer(page);
    await page.locator('[data-testid=regenerate]').last().click();
    await expect.poll(() => chatBodies().length, { timeout: 10_000 }).toBe(2);
    // The playground gets the request while the turn is stored, the panel hears of it right after
    // (issue #16): until then it still shows the first answer, done.
    await expect.poll(() => page.locator('[data-testid=message-versions]').last().getAttribute('data-count'), { timeout: 10_000 }).toBe('2');
    const again = await waitForAnswer(page);
    expect(again.text).toBe(defaultAnswer('Regenerate me'));
    expect(await page.locator(sel.assistant).count()).toBe(1);
    expect(lastTexts()).toEqual(['user: Regenerate me']);
  });

  it('edits a user message and resends it, dropping what followed', async () => {
    await sendPrompt(page, 'Original question');
    await waitForAnswer(page);
    await page.locator('[data-testid=edit]').last().click();
    await page.locator('[data-testid=edit-input]').fill('Edited question');
    await page.locator('[data-testid=edit-save]').click();
    await expect.poll(() => page.locator(sel.assistant).last().innerText(), { timeout: 10_000 }).toBe(defaultAnswer('Edited question'));
    await waitForAnswer(page);
    expect(await page.locator(sel.user).allInnerTexts()).toEqual(['Edited question']);
    expect(lastTexts()).toEqual(['user: Edited question']);
  });

  it('sends the history with the second turn', async () => {
    await sendPrompt(page, 'Turn one');
    await waitForAnswer(page);
    await sendPrompt(page, 'Turn two');
    await expect.poll(() => page.locator(sel.assistant).count()).toBe(2);
    const second = await waitForAnswer(page, { after: 1 });
    expect(second.text).toBe(defaultAnswer('Turn two'));
    expect(lastTexts()).toEqual(['user: Turn one', `assistant: ${defaultAnswer('Turn one')}`, 'user: Turn two']);
  });

  it('applies the chosen model to the playground session', async () => {
    const options = await page.locator(`${sel.modelPicker} option`).evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    const choice = options.find((v) => v.includes('qwen')) ?? options.find((v) => !v.includes('llama-3.3'))!;
    expect(choice).toMatch(/^@(cf|hf)\//);
    await page.locator(sel.modelPicker).selectOption(choice);
    await sendPrompt(page, 'Which model?');
    await waitForAnswer(page);
    // The answer's session (a model-written title request sets a light model on its own instance).
    const states = emulator.log.filter((e) => e.kind === 'ws-in' && (e.frame as { type?: string }).type === 'cf_agent_state' && !isTitleRequest(e));
    expect((states.at(-1)?.frame as { state: { model: string } }).state.model).toBe(choice);
  });

  it('keeps generating when the panel closes, and shows the full answer when it reopens', async () => {
    emulator.configure({ tokenDelayMs: 15 });
    await sendPrompt(page, '/long 150 close the panel');
    await expect.poll(async () => (await lastAssistant(page)).text.length, { timeout: 10_000 }).toBeGreaterThan(20);
    await page.close();
    // The emulator keeps streaming to the background with nobody watching.
    await expect.poll(() => emulator.log.some((e) => e.kind === 'ws-out' && (e.frame as { done?: boolean }).done === true), { timeout: 20_000 }).toBe(true);
    // A new tab, so History is how a user finds it here: a tab page remembers its conversation per
    // tab. Reopening the real side panel on it, still live, is everyday.e2e's first test.
    page = await ext.openPage('/sidepanel.html');
    await page.locator('[data-testid=history-toggle]').click();
    await page.locator(sel.conversationItem).first().click();
    const full = await waitForAnswer(page, { timeoutMs: 10_000 });
    expect(norm(full.text)).toBe(norm(await renderedLong(150)));
  });
});

/** What /long N renders to, read back from a finished answer of the same prompt in a fresh chat. */
async function renderedLong(n: number): Promise<string> {
  const probe = await ext.openPage('/sidepanel.html');
  await sendPrompt(probe, `/long ${n} close the panel`);
  const answer = await waitForAnswer(probe, { timeoutMs: 20_000 });
  await probe.close();
  return answer.text;
}

describe('browser restart', () => {
  it('conversations survive a browser restart with the same profile', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'flarechat-restart-'));
    try {
      const first = await launchExtension({ userDataDir: profile });
      const p1 = await first.openPage('/sidepanel.html');
      await sendPrompt(p1, 'Remember this conversation');
      await waitForAnswer(p1);
      await first.close();

      const second = await launchExtension({ userDataDir: profile });
      try {
        const p2 = await second.openPage('/sidepanel.html');
        await p2.locator('[data-testid=history-toggle]').click();
        await expect.poll(() => p2.locator(sel.conversationItem).allInnerTexts(), { timeout: 10_000 }).toEqual([
          expect.stringContaining('Remember this conversation'),
        ]);
        await p2.locator(sel.conversationItem).first().click();
        const answer = await waitForAnswer(p2, { timeoutMs: 10_000 });
        expect(answer.text).toBe(defaultAnswer('Remember this conversation'));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
