// Fault injection, network and queue (issue #5): prompts typed offline wait as queued and go out
// when the network returns (no error storm); a queued turn can be cancelled; two prompts in one
// conversation run one after the other.
//
// What "offline" is here: Playwright's `context.setOffline(true)` applies DevTools network
// emulation to the pages AND the extension's service worker. Checked in Chromium 156 (headless):
// in the worker `navigator.onLine` turns false and `fetch` fails with "Failed to fetch", then both
// come back with setOffline(false). The worker gets no `online` event from the emulation, so the
// nudge that sends the queue is the side panel's own `online` event (lib/pages/actions.ts posts
// `network-online`), which the emulation does fire in pages. A real network change would also fire
// the worker's `online` listener (lib/background/start.ts); that path is not exercised here.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultAnswer, sel, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { assistantStatus, chatAttempts, chatFrames, isChatFrame, readMessages, turnOffModelTitles, until, waitForStatus, watchStatuses } from './faults-kit';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 } }, (suite) => ({ emulator, ext, page } = suite));
// One-shot faults count chat requests: no title requests in between (faults-kit.ts turnOffModelTitles).
beforeAll(() => turnOffModelTitles(ext));
beforeEach(async () => {
  await ext.context.setOffline(false);
  emulator.configure({ tokenDelayMs: 2, faults: { active: [], times: {} } });
  emulator.clearLog();
  await page.locator(sel.newChat).click();
  await expect.poll(() => page.locator(sel.assistant).count()).toBe(0);
});

describe('offline', () => {
  it('prompts typed offline stay queued, then go out in order when the network returns', async () => {
    await ext.context.setOffline(true);
    expect(await ext.worker.evaluate(() => navigator.onLine)).toBe(false);
    const prompts = [`offline one ${Date.now()}`, `offline two ${Date.now()}`];
    await sendPrompt(page, prompts[0]);
    await until(async () => (await assistantStatus(page, 0)) === 'queued', 5_000, 'first queued');
    await sendPrompt(page, prompts[1]);
    await until(async () => (await assistantStatus(page, 1)) === 'queued', 5_000, 'second queued');
    // Nothing is tried while offline, and nothing fails: no error storm.
    await page.waitForTimeout(1_000);
    expect(chatAttempts(emulator)).toBe(0);
    expect(await page.locator(sel.error).count()).toBe(0);
    expect([await assistantStatus(page, 0), await assistantStatus(page, 1)]).toEqual(['queued', 'queued']);
    expect(await page.locator(sel.composer).isEnabled()).toBe(true);

    await ext.context.setOffline(false);
    await until(async () => (await assistantStatus(page, 1)) === 'done', 10_000, 'second answer done');
    expect(await assistantStatus(page, 0)).toBe('done');
    const texts = await page.locator(sel.assistant).allInnerTexts();
    expect(texts.map((t) => t.trim())).toEqual(prompts.map(defaultAnswer));
    expect(chatFrames(emulator)).toHaveLength(2);
    const rows = (await readMessages(page)).filter((m) => prompts.some((p) => m.text.includes(p)));
    expect(rows.filter((m) => m.role === 'user')).toHaveLength(2);
    expect(rows.filter((m) => m.role === 'assistant').map((m) => m.status)).toEqual(['done', 'done']);
  });

  it('the connection dies while offline before the first token: the answer goes back to queued, then completes', async () => {
    // Stall before any text, cut the network, then kill the socket (emulator restart): a network
    // failure while navigator.onLine is false requeues instead of failing (lib/background/engine/engine.ts).
    emulator.configure({ faults: { active: ['stall'], times: { stall: 1 }, stallAfterTokens: 0 } });
    const statuses = await watchStatuses(page);
    const prompt = `cut ${Date.now()}`;
    await sendPrompt(page, prompt);
    await until(async () => (await assistantStatus(page, 0)) === 'streaming', 5_000, 'streaming');
    await emulator.waitFor(isChatFrame, 5_000);
    await ext.context.setOffline(true);
    await emulator.restart(300);
    await until(async () => (await assistantStatus(page, 0)) === 'queued', 5_000, 'back to queued');
    expect(await page.locator(sel.error).count()).toBe(0);
    await ext.context.setOffline(false);
    expect(await waitForStatus(page, 'done', 10_000)).toBe(defaultAnswer(prompt));
    expect(await statuses.read()).not.toContain('error');
    expect(chatFrames(emulator)).toHaveLength(2);
  });

  it('a queued turn can be cancelled with Stop; it is never sent', async () => {
    await ext.context.setOffline(true);
    const prompt = `cancel me ${Date.now()}`;
    await sendPrompt(page, prompt);
    await until(async () => (await assistantStatus(page, 0)) === 'queued', 5_000, 'queued');
    await page.locator(sel.stop).click();
    await waitForStatus(page, 'stopped', 5_000);
    await ext.context.setOffline(false);
    await page.waitForTimeout(1_000);
    expect(chatAttempts(emulator)).toBe(0);
    expect(await assistantStatus(page, 0)).toBe('stopped');
    // The UI recovered: the next prompt is answered.
    const next = `after cancel ${Date.now()}`;
    await sendPrompt(page, next);
    const answer = await waitForAnswer(page, { status: 'done', after: 1 });
    expect(answer.text).toBe(defaultAnswer(next));
  });
});

describe('queue', () => {
  it('two prompts in one conversation: the second shows queued, then completes after the first', async () => {
    emulator.configure({ tokenDelayMs: 60 });
    const first = `/long 30 first ${Date.now()}`;
    const second = `second ${Date.now()}`;
    await sendPrompt(page, first);
    await until(async () => (await assistantStatus(page, 0)) === 'streaming', 5_000, 'first streaming');
    await sendPrompt(page, second);
    await until(async () => (await assistantStatus(page, 1)) === 'queued', 3_000, 'second queued');
    expect(await assistantStatus(page, 0)).toBe('streaming');
    await until(async () => (await assistantStatus(page, 1)) === 'done', 15_000, 'second done');
    expect(await assistantStatus(page, 0)).toBe('done');
    expect((await page.locator(sel.assistant).nth(1).innerText()).trim()).toBe(defaultAnswer(second));
    // One generation at a time in the conversation: the second chat frame came after the first answer's end.
    const frames = chatFrames(emulator);
    expect(frames).toHaveLength(2);
    const firstDone = emulator.log.find(
      (e) => e.kind === 'ws-out' && e.requestId === frames[0].requestId && (e.frame as { done?: boolean }).done === true,
    );
    expect(firstDone && firstDone.t <= frames[1].t).toBe(true);
  });

  it('at most two answers at once across conversations: a third conversation waits as queued', async () => {
    emulator.configure({ tokenDelayMs: 50 });
    const pages = [page, await ext.openPage('/sidepanel.html'), await ext.openPage('/sidepanel.html')];
    try {
      const watchers = await Promise.all(pages.map((p) => watchStatuses(p)));
      const prompts = pages.map((_, i) => `/long 50 conversation ${i} ${Date.now()}`);
      for (const [i, p] of pages.entries()) await sendPrompt(p, prompts[i]);
      for (const p of pages) await waitForStatus(p, 'done', 30_000);
      // One of the three waited as queued before it streamed.
      const histories = await Promise.all(watchers.map((w) => w.read()));
      expect(histories.filter((h) => h.includes('queued') && h.indexOf('queued') < h.indexOf('streaming'))).not.toHaveLength(0);
      // The emulator never streamed more than two answers at once.
      const frames = chatFrames(emulator);
      expect(frames).toHaveLength(3);
      const doneAt = (id: string | undefined) =>
        emulator.log.find((e) => e.kind === 'ws-out' && e.requestId === id && (e.frame as { done?: boolean }).done === true)?.t ?? Infinity;
      const spans = frames.map((f) => [f.t, doneAt(f.requestId)] as const);
      const overlapAll = Math.max(...spans.map(([a]) => a)) < Math.min(...spans.map(([, b]) => b));
      expect(overlapAll, `three answers streamed at once: ${JSON.stringify(spans)}`).toBe(false);
    } finally {
      for (const p of pages.slice(1)) await p.close();
    }
  });
});
