// Fault injection, the Cloudflare check (issue #5): the challenge, verification in a playground tab
// with an automatic retry, a check that never clears, and the tab fallback transport.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  defaultAnswer,
  E2E_ORIGIN,
  sel,
  sendPrompt,
  waitForAnswer,
  type Emulator,
  type LaunchedExtension,
} from './harness';
import { chatAttempts, chatFrames, clickErrorAction, errorText, isChatUpgrade, isPlaygroundUrl, readMessages, turnOffModelTitles, until, watchStatuses, withoutWarmSockets } from './faults-kit';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 } }, (suite) => ({ emulator, ext, page } = suite));
// One-shot faults count chat requests: no title requests in between (faults-kit.ts turnOffModelTitles).
beforeAll(() => turnOffModelTitles(ext));
beforeEach(async () => {
  emulator.configure({ challengeCleared: false, faults: { active: [], times: {}, challengeDelayMs: null } });
  emulator.clearLog();
  // The check is on the upgrade: a socket warmed before the case turned it on would skip it.
  await withoutWarmSockets(ext);
  // Each case in a fresh conversation; playground tabs from an earlier case would change "opens or focuses".
  for (const p of ext.context.pages()) if (isPlaygroundUrl(p.url())) await p.close();
  await page.locator(sel.newChat).click();
});

const playgroundTabs = () => ext.context.pages().filter((p) => isPlaygroundUrl(p.url()));

/**
 * Starts watching before the click for the tab the extension opens. Every new page is kept and its
 * URL read when polled, not when the page event fired: a tab made by tabs.create can be reported
 * before its URL is set (a `page` event predicate then rejects it, and nothing else arrives).
 */
function tabOpened(except?: Page): Promise<Page> {
  const opened: Page[] = [];
  const onPage = (p: Page) => opened.push(p);
  ext.context.on('page', onPage);
  const isOurs = (p: Page) => p !== except && (isPlaygroundUrl(p.url()) || p.url() === 'about:blank' || p.isClosed());
  return until(() => opened.find(isOurs), 10_000, 'a playground tab opened by the extension').finally(() => ext.context.off('page', onPage));
}

const act = () => clickErrorAction(page);

async function challenged(prompt: string): Promise<void> {
  await sendPrompt(page, prompt);
  await waitForAnswer(page, { status: 'error', timeoutMs: 10_000 });
  await expect.poll(() => errorText(page)).toMatch(/verify|check/i);
  await expect(page.locator(sel.errorAction).last().innerText()).resolves.toMatch(/open the playground/i);
}

describe('challenge', () => {
  it('verify in a playground tab, then the answer completes by itself and the tab closes', async () => {
    emulator.configure({ faults: { active: ['challenge'] } });
    const prompt = `challenge ${Date.now()}`;
    await challenged(prompt);

    const opened = tabOpened();
    await act();
    const tab = await opened;
    // The emulator's GET / set the clearance cookie.
    await emulator.waitFor((e) => e.kind === 'http' && e.path === '/' && e.status === 200, 5_000);
    expect(emulator.config.challengeCleared).toBe(true);

    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 15_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
    // Not typed again: one user message, one answer.
    await expect(page.locator(sel.user).count()).resolves.toBe(1);
    await until(() => tab.isClosed(), 5_000, 'the tab the extension opened is closed');
    expect(playgroundTabs()).toEqual([]);
    const rows = (await readMessages(page)).filter((m) => m.text.includes(prompt) || m.text === answer.text);
    expect(rows.map((m) => [m.role, m.status])).toEqual(expect.arrayContaining([['user', 'done'], ['assistant', 'done']]));
  });

  it("the user's own playground tab is never reloaded: a fresh tab of ours verifies and closes, theirs stays as it was", async () => {
    emulator.configure({ faults: { active: ['challenge'] } });
    const own = await ext.context.newPage();
    await own.goto(`${E2E_ORIGIN}/`);
    emulator.configure({ challengeCleared: false }); // that visit's cookie no longer clears the check
    const ownLoads: string[] = [];
    own.on('load', () => ownLoads.push(own.url()));
    await page.bringToFront();
    const prompt = `own tab ${Date.now()}`;
    await challenged(prompt);
    emulator.clearLog();
    const opened = tabOpened(own);
    await act();
    const tab = await opened;
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 15_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
    // One fresh load (our tab's), none of the user's tab, which stays open; ours closes.
    expect(emulator.log.filter((e) => e.kind === 'http' && e.path === '/')).toHaveLength(1);
    expect(ownLoads).toEqual([]);
    await until(() => tab.isClosed(), 5_000, 'the tab the extension opened is closed');
    expect(own.isClosed()).toBe(false);
    expect(playgroundTabs()).toEqual([own]);
  });

  it('the tab shows the check page first; the retry waits for the real page, then the tab closes', async () => {
    emulator.configure({ faults: { active: ['challenge'], challengeDelayMs: 300 } });
    const prompt = `interstitial ${Date.now()}`;
    await challenged(prompt);
    const opened = tabOpened();
    const before = chatAttempts(emulator);
    await act();
    const tab = await opened;
    await emulator.waitFor((e) => e.kind === 'http' && e.path === '/' && e.status === 403, 5_000);
    // While the tab shows "Just a moment..." nothing is retried.
    expect(chatAttempts(emulator)).toBe(before);
    expect(await page.locator(sel.assistant).last().getAttribute('data-status')).toBe('queued');
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 15_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
    const homes = emulator.log.filter((e) => e.kind === 'http' && e.path === '/').map((e) => e.status);
    expect(homes).toEqual([403, 200]);
    await until(() => tab.isClosed(), 5_000, 'the tab the extension opened is closed');
  });

  it('closing the verification tab before the check passes ends in a clear error, not a wait forever', async () => {
    emulator.configure({ faults: { active: ['challenge'], challengeDelayMs: 600_000 } });
    await challenged(`abandoned ${Date.now()}`);
    const opened = tabOpened();
    await act();
    const tab = await opened;
    await emulator.waitFor((e) => e.kind === 'http' && e.path === '/' && e.status === 403, 5_000);
    await tab.waitForLoadState('load');
    expect(await page.locator(sel.assistant).last().getAttribute('data-status')).toBe('queued');
    await tab.close();
    await waitForAnswer(page, { status: 'error', timeoutMs: 5_000 });
    // The detail sits in a closed <details> (issue #12): read its text, not its rendered text.
    await expect.poll(() => page.locator('.error-detail').last().textContent().catch(() => '')).toMatch(/not completed/i);
    await expect(page.locator(sel.errorAction).last().innerText()).resolves.toMatch(/open the playground/i);
    expect(chatFrames(emulator)).toHaveLength(0);
  });

  it('a check that never clears ends in a clear final message after a bounded number of requests', async () => {
    emulator.configure({ faults: { active: ['challenge-persistent'] } });
    const prompt = `stuck ${Date.now()}`;
    await challenged(prompt);
    const before = chatAttempts(emulator);
    await act();
    // Verification "passes" (the page loads with a normal title), the retry is still refused, the tab
    // fallback is tried once, then a final error.
    await emulator.waitFor((e) => e.kind === 'http' && e.path === '/', 5_000);
    const final = await waitForAnswer(page, { status: 'error', timeoutMs: 20_000 });
    expect(final.status).toBe('error');
    // The final message says the check still blocks (not "check your connection") and offers Verify again.
    await expect.poll(() => errorText(page)).toMatch(/verify|check/i);
    await expect(page.locator('.error-detail').last().textContent()).resolves.toMatch(/still asks for a check after verification/); // engine.ts STILL_BLOCKED_MESSAGE
    await expect(page.locator(sel.errorAction).last().innerText()).resolves.toMatch(/open the playground/i);
    // No loop: after verification one direct try (socket, then its HTTP fallback) and one tab try.
    const settled = chatAttempts(emulator);
    await page.waitForTimeout(2_500);
    expect(chatAttempts(emulator)).toBe(settled);
    expect(settled - before).toBeLessThanOrEqual(3);
    expect(playgroundTabs()).toEqual([]);
    expect(await page.locator(sel.assistant).last().getAttribute('data-status')).toBe('error');
  });
});

describe('tab fallback (partitioned clearance)', () => {
  it('after verification the answer completes via the playground tab', async () => {
    emulator.configure({ faults: { active: ['partitioned-clearance'] } });
    const prompt = `partitioned ${Date.now()}`;
    await challenged(prompt);
    const statuses = await watchStatuses(page);
    await act();
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 25_000 });
    // Handing over from the direct attempt to the tab is not a failure: no error flashes in between.
    expect(await statuses.read()).not.toContain('error');
    expect(answer.text).toBe(defaultAnswer(prompt));
    const chat = emulator.log.filter((e) => isChatUpgrade(e, emulator.log)).at(-1);
    expect(chat?.status).toBe(101);
    expect(chatFrames(emulator)).toHaveLength(1);
    const row = (await readMessages(page)).find((m) => m.role === 'assistant' && m.text === answer.text);
    expect(row?.transport).toBe('tab');
    // The extension's own requests never carried the Partitioned cookie; the tab's socket did.
    const refused = emulator.log.filter((e) => isChatUpgrade(e, emulator.log) && e.status === 403);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((e) => !(e.headers.cookie ?? '').includes('cf_clearance_p='))).toBe(true);
    expect(chat?.headers.cookie).toMatch(/cf_clearance_p=/);
    // The UI says how it was delivered.
    await expect(page.locator('[data-testid=message-meta]').last().innerText()).resolves.toContain('via playground tab');
    expect(playgroundTabs()).toEqual([]);
  });
});
