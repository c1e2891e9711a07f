// issue #13 "Documents longer than the window", against the emulator: a 200,000-character page,
// sent by "Summarize this page" (the right-click flow on main), is read in sections with progress
// visible ([data-testid=doc-progress] data-done/data-total), then combined; Stop midway ends every
// request (the emulator's log stops growing); "first N characters only" midway stops the sections
// and answers from the document's beginning; a worker killed midway resumes the sections left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { longArticle } from '../fixtures/long-article';
import { launchExtension, sel, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { html, startPageServer, type PageServer } from './harness/page-server';
import { answerInputs, isChatFrame } from './faults-kit';
import { callSurfaceHook } from './suite';

const DOC_CHARS = 200_000;
const ARTICLE = longArticle(DOC_CHARS);
/** The number of the article's last paragraph ("Entry N: ..."). */
const LAST_ENTRY = Math.max(...[...ARTICLE.matchAll(/Entry (\d+):/g)].map((m) => Number(m[1])));

let emulator: Emulator;
let ext: LaunchedExtension;
let pages: PageServer;
let panel: Page;
let panelWindowId: number;


/** "Summarize this page" on the long article, in a fresh tab. */
async function summarizeLongPage(): Promise<void> {
  const url = pages.url(`/long?${Date.now()}`);
  const tab = await ext.context.newPage();
  await tab.goto(url);
  const worker = await ext.waitForWorker();
  const { id } = await worker.evaluate(async (u) => {
    const [t] = await chrome.tabs.query({ url: u });
    return { id: t.id! };
  }, url);
  await callSurfaceHook(ext, 'onMenuClicked', { menuItemId: 'fc-page-summary', pageUrl: url }, { id, windowId: panelWindowId, url, title: "Keeper's log" });
}

const progress = () => panel.locator('[data-testid=doc-progress]').last();
const done = async () => Number((await progress().getAttribute('data-done', { timeout: 1_000 }).catch(() => null)) ?? -1);
const total = async () => Number((await progress().getAttribute('data-total', { timeout: 1_000 }).catch(() => null)) ?? -1);
/** Answer requests the fake model received (a model-written title request is not one). */
const requests = () => answerInputs(emulator).length;

beforeAll(async () => {
  // Every answer is 24 short tokens, 40 ms apart: about a second per section.
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 40, answerTokens: 24 });
  pages = await startPageServer({ '/long': html(ARTICLE) });
  ext = await launchExtension();
  panel = await ext.openSidePanel();
  await panel.locator(sel.composer).waitFor();
  panelWindowId = await panel.evaluate(async () => (await chrome.windows.getCurrent()).id!);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await emulator?.close();
  await pages?.close();
});

describe('a 200,000-character page', () => {
  it('is summarized by map-reduce, with the sections counted as they are read', async () => {
    const before = requests();
    await summarizeLongPage();
    await expect.poll(total, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const sections = await total();
    // Progress is visible while it runs, section by section.
    await expect.poll(done, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(await done()).toBeLessThan(sections);
    const answer = await waitForAnswer(panel, { status: 'done', timeoutMs: 60_000 });
    expect(answer.text.length).toBeGreaterThan(20);
    expect(await done()).toBe(sections);
    expect(await total()).toBe(sections);
    // One request per section, one to combine them; no request carried the whole page.
    expect(requests() - before).toBe(sections + 1);
    for (const input of answerInputs(emulator).slice(before)) expect(JSON.stringify(input.prompt).length).toBeLessThan(DOC_CHARS / 2);
    // The partial results stay readable under the answer.
    await progress().locator('[data-testid=doc-notes] summary').click();
    await expect.poll(() => progress().locator('[data-testid=doc-note]').count()).toBe(sections);
    // The page was sent whole, not cut at the old 24,000-character cap.
    const chip = panel.locator('[data-testid=context-chip][data-kind=page_content]').last();
    expect(Number(await chip.getAttribute('data-chars'))).toBeGreaterThan(DOC_CHARS * 0.95);
  });

  it('Stop midway ends it: no request follows', async () => {
    await summarizeLongPage();
    await expect.poll(done, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await panel.locator(sel.stop).click();
    await waitForAnswer(panel, { status: 'stopped', timeoutMs: 10_000 });
    const stoppedAt = await done();
    expect(stoppedAt).toBeLessThan(await total());
    const count = requests();
    const log = emulator.log.length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(requests()).toBe(count);
    // Nothing at all reached the emulator meanwhile (no retries, no hidden sections).
    expect(emulator.log.slice(log).filter(isChatFrame)).toHaveLength(0);
    expect(await done()).toBe(stoppedAt);
  });

  it('"first N characters only" midway ends the sections: one answer from the first N characters', async () => {
    await summarizeLongPage();
    await expect.poll(done, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const button = progress().locator('[data-testid=doc-first-only]');
    const first = Number(await button.getAttribute('data-chars', { timeout: 5_000 }));
    expect(first).toBeGreaterThan(1_000);
    expect(first).toBeLessThan(DOC_CHARS);
    const before = requests();
    await button.click({ timeout: 5_000 });
    const answer = await waitForAnswer(panel, { status: 'done', timeoutMs: 30_000 });
    expect(answer.text.length).toBeGreaterThan(20);
    // An ordinary answer now: the section progress is gone from it.
    await expect.poll(() => panel.locator('[data-testid=doc-progress]').count(), { timeout: 5_000 }).toBe(0);
    // Nothing follows the answer (no section, no combining).
    const count = requests();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(requests()).toBe(count);

    const sent = answerInputs(emulator).slice(before).map((input) => input.prompt.map((m) => m.text).join('\n'));
    const isSection = (text: string) => text.includes('You are reading part') || text.includes('Below are notes taken');
    // At most the section the click raced with; the last request is the answer itself.
    expect(sent.filter(isSection).length).toBeLessThanOrEqual(1);
    const last = sent.at(-1)!;
    expect(isSection(last)).toBe(false);
    const block = /<page_content ([^>]*)>\n([\s\S]*?)\n<\/page_content>/.exec(last);
    expect(block, last.slice(0, 500)).not.toBeNull();
    const [, attributes, text] = block!;
    expect(attributes).toContain('truncated="yes"');
    expect(attributes).toContain(`chars="${text.length}"`);
    expect(text.length).toBeLessThanOrEqual(first);
    expect(text.length).toBeGreaterThan(first * 0.9);
    // The document's beginning, not its end.
    expect(text).toContain('Entry 0: the northern lighthouse keeper');
    expect(text).not.toContain(`Entry ${LAST_ENTRY}:`);
    expect(last.length).toBeLessThan(first + 5_000);
  });

  it('a worker killed midway resumes the sections left and finishes', async () => {
    const before = requests();
    await summarizeLongPage();
    await expect.poll(done, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const sections = await total();
    const readBefore = await done();
    await ext.stopServiceWorker();
    const answer = await waitForAnswer(panel, { status: 'done', timeoutMs: 60_000 });
    expect(answer.text.length).toBeGreaterThan(20);
    expect(await done()).toBe(sections);
    // Resumed, not restarted: at most the section in flight was asked twice.
    expect(requests() - before).toBeLessThanOrEqual(sections + 2);
    expect(readBefore).toBeGreaterThanOrEqual(1);
  });
});
