// Issue #12 "Conversation titles", the model's part: after the first answer a light model writes
// the title (one request, on the conversation's title instance, never its own), and the header and
// the history row show it; a conversation the user renamed keeps their title; with the setting off
// no title request reaches the playground. In the real side panel, against the emulator, whose fake
// model answers a title request `Model title: <the question's first five words>` (tests/emulator/answer.ts).
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { sel, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { isChatFrame, isTitleRequest } from './faults-kit';
import { useExtensionSuite } from './suite';
import { TITLE_INSTANCE_SUFFIX } from '../../lib/background/storage/instance-names';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 } }, (suite) => ({ emulator, ext, page } = suite));

beforeEach(async () => {
  emulator.configure({ tokenDelayMs: 2 });
  await page.locator(sel.newChat).click();
  await expect.poll(() => page.locator(sel.message).count()).toBe(0);
  emulator.clearLog();
});

const headerTitle = () => page.locator('[data-testid=header-title]').innerText({ timeout: 1_000 }).catch(() => '');
const rowTitle = () => page.locator(`${sel.conversationItem} .conversation-title-text`).first().innerText({ timeout: 1_000 }).catch(() => '');
/** Title chat requests (not their sockets' other frames) the emulator received since the log was cleared. */
const titleRequests = () => emulator.log.filter((e) => isTitleRequest(e) && e.kind === 'ws-in' && (e.frame as { type?: string }).type === 'cf_agent_use_chat_request');

async function openHistory(): Promise<void> {
  await page.locator('[data-testid=history-toggle]').click();
  await page.locator(sel.conversationItem).first().waitFor();
}

async function closeHistory(): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator(sel.conversationItem).count()).toBe(0);
}

describe('a title written by the model', () => {
  it('after the first answer: the header and the history row show it; the request used a private instance', async () => {
    const stamp = String(Date.now());
    const question = `Why does bread rise ${stamp} in a warm kitchen?`;
    await sendPrompt(page, question);
    await expect.poll(headerTitle, { timeout: 5_000 }).toBe(question); // the first words, until there is an answer
    await waitForAnswer(page, { status: 'done' });
    const modelTitle = `Model title: Why does bread rise ${stamp}`;
    await expect.poll(headerTitle, { timeout: 10_000 }).toBe(modelTitle);
    await openHistory();
    await expect.poll(rowTitle, { timeout: 5_000 }).toBe(modelTitle);
    await closeHistory();

    // One request, on the conversation's title instance; the conversation's own transcript on the
    // server holds only the question and the answer.
    expect(titleRequests()).toHaveLength(1);
    const own = emulator.log.find(isChatFrame)?.instance;
    expect(own).toBeTruthy();
    expect(titleRequests()[0].instance).toBe(`${own!}${TITLE_INSTANCE_SUFFIX}`);
    expect(emulator.transcript(own!)).toHaveLength(2);
  });

  it('a conversation the user renamed keeps their title, through the first answer and new turns', async () => {
    emulator.configure({ tokenDelayMs: 60 });
    await sendPrompt(page, '/long 60 How do I keep basil alive on a windowsill?');
    await expect.poll(() => page.locator(sel.assistant).last().getAttribute('data-status'), { timeout: 10_000 }).toBe('streaming');
    // Renamed while the first answer still streams.
    await openHistory();
    await page.locator('[data-testid=row-menu-button]').first().click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await page.locator('[data-testid=rename-input]').fill('My basil notes');
    await page.keyboard.press('Enter');
    await expect.poll(rowTitle, { timeout: 5_000 }).toBe('My basil notes');
    await closeHistory();
    emulator.configure({ tokenDelayMs: 2 });
    await waitForAnswer(page, { status: 'done', timeoutMs: 30_000 });
    await sendPrompt(page, 'And in winter?');
    await waitForAnswer(page, { status: 'done', after: 1 });
    await page.waitForTimeout(1_500); // room for a title request that must not come
    expect(titleRequests()).toHaveLength(0);
    expect(await headerTitle()).toBe('My basil notes');
    await openHistory();
    expect(await rowTitle()).toBe('My basil notes');
    await closeHistory();
  });

  it('with "Write titles with the model" off, no title request reaches the playground', async () => {
    const options = await ext.openPage('/options.html');
    const setting = options.locator('[data-testid=model-titles]');
    expect(await setting.isChecked()).toBe(true); // on by default
    await setting.uncheck();
    await options.close();
    try {
      const question = `What is a sourdough starter ${Date.now()}?`;
      await sendPrompt(page, question);
      await waitForAnswer(page, { status: 'done' });
      await page.waitForTimeout(1_500); // room for a title request that must not come
      expect(emulator.log.filter(isTitleRequest)).toHaveLength(0);
      expect(await headerTitle()).toBe(question);
    } finally {
      const again = await ext.openPage('/options.html');
      await again.locator('[data-testid=model-titles]').check();
      await again.close();
    }
  });
});
