// Issue #12 "Conversation titles": the header names the conversation by what the user asked (the
// action and quote for a right-click), never "New chat" or the hidden instruction.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sel, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { clickMenu, useSidePanelSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let panel: Page;
let windowId: number;

useSidePanelSuite({}, (suite) => ({ emulator, ext, page: panel, windowId } = suite));
beforeEach(async () => {
  await panel.locator(sel.newChat).click();
  await expect.poll(() => panel.locator(sel.message).count()).toBe(0);
});

const headerTitle = () => panel.locator('[data-testid=header-title]').innerText({ timeout: 1000 }).catch(() => '');

describe('header title', () => {
  it('a typed question: its first words, from the moment it is sent', async () => {
    emulator.configure({ tokenDelayMs: 60 });
    await sendPrompt(panel, 'How long should I steep green tea for the best taste?');
    await expect.poll(headerTitle, { timeout: 5000 }).toBe('How long should I steep green tea for the best taste?');
    emulator.configure({ tokenDelayMs: 5 });
    await waitForAnswer(panel, { timeoutMs: 30_000 });
    expect(await headerTitle()).not.toBe('New chat');
  });

  it('a right-click Summarize: the action and the quote, never the instruction', async () => {
    const selection = `Lighthouses guided ${Date.now()} ships along the rocky coast at night`;
    await clickMenu(ext, { menuItemId: 'fc-template:summarize', selectionText: selection, pageUrl: 'https://example.com/page' }, { windowId, title: 'Example page' });
    await expect.poll(headerTitle, { timeout: 10_000 }).toMatch(/^Summarize · “Lighthouses guided/);
    await waitForAnswer(panel, { timeoutMs: 15_000 });
    // After the answer the model may have written the title (titles-model.e2e.ts): the emulator's
    // keeps the first words it was given, so either way they are the action and the quote.
    const title = await headerTitle();
    expect(title).toMatch(/^(Model title: )?Summarize · “Lighthouses guided/);
    expect(title).not.toMatch(/following text|<selection|New chat/);
  });
});
