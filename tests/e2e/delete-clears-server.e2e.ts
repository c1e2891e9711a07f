// Deleting a conversation clears the playground's own copy of it (issue #17): anyone who knows an
// instance name can read its transcript, so once the undo window has passed and the conversation is
// purged, FlareChat sends cf_agent_chat_clear to its instance. Driven through the real side panel;
// the undo window is shortened through the e2e-only `__flarechat.data` handle.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isChatFrame } from './faults-kit';
import { TITLE_INSTANCE_SUFFIX } from '../../lib/background/storage/instance-names';
import { sel, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 } }, (suite) => ({ emulator, ext, page } = suite));

async function setUndoWindow(ms: number): Promise<void> {
  const worker = await ext.waitForWorker();
  await worker.evaluate((value) => {
    const hook = (globalThis as unknown as { __flarechat?: { data: { undoWindowMs: number } } }).__flarechat;
    if (!hook) throw new Error('not an e2e build: no __flarechat hook');
    hook.data.undoWindowMs = value;
  }, ms);
}

async function serverCopy(instance: string): Promise<unknown[]> {
  return (await (await fetch(`${emulator.origin}/__emulator/transcript/${encodeURIComponent(instance)}`)).json()) as unknown[];
}

describe('deleting a conversation', () => {
  it('clears its server transcript once the purge ran', async () => {
    emulator.clearLog();
    await sendPrompt(page, 'Something private');
    await waitForAnswer(page);
    const instance = emulator.log.find((e) => isChatFrame(e) && e.instance)?.instance;
    expect(instance).toBeTruthy();
    expect(instance).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await serverCopy(instance!)).length).toBe(2);
    // The model-written title (issue #12) was asked on an instance of its own, cleared in turn.
    const titleInstance = `${instance!}${TITLE_INSTANCE_SUFFIX}`;
    await expect.poll(async () => (await serverCopy(titleInstance)).length, { timeout: 10_000 }).toBe(2);

    await setUndoWindow(500);
    await page.locator('[data-testid=history-toggle]').click();
    const row = page.locator('.conversation-row').first();
    await row.locator('summary').click();
    await row.locator('[data-testid=delete-conversation]').click();
    await expect.poll(() => page.locator(sel.conversationItem).count(), { timeout: 5_000 }).toBe(0);
    // Still restorable: the server copy stays until the undo window has passed.
    expect((await serverCopy(instance!)).length).toBe(2);

    // The next data request after the window purges it and clears the instance.
    await new Promise((r) => setTimeout(r, 700));
    await page.locator('[data-testid=history-search]').fill('x');
    await expect.poll(async () => (await serverCopy(instance!)).length, { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await serverCopy(titleInstance)).length, { timeout: 15_000 }).toBe(0);
  });
});
