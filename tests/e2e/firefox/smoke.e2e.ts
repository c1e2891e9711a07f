// Firefox ESR smoke (issue #7): the Firefox MV3 e2e build installs as a temporary add-on, its
// side panel page (opened in a tab by the e2e background, see launch.ts) sends a prompt, and one
// answer streams from the emulator to `done`. Firefox has no offscreen documents: the socket opens
// in the background page itself, and the emulator sees a moz-extension:// client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswer, startEmulator, type Emulator, type EmulatorLogEntry } from '../harness';
import { launchFirefox, waitInPage, type LaunchedFirefox } from './launch';

let emulator: Emulator;
let ff: LaunchedFirefox | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 20 });
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && ff) console.error(`[e2e] firefox screenshot: ${await ff.screenshot(`firefox-${task.name}`).catch(() => '')}`);
  await ff?.close();
  ff = undefined;
});

const isSocket = (e: EmulatorLogEntry) => e.kind === 'upgrade' && e.path?.startsWith('/agents/') === true;

describe('Firefox ESR (WebDriver BiDi)', () => {
  it('streams one answer from the emulator in the side panel page', async () => {
    emulator.clearLog();
    ff = await launchFirefox();
    const page = ff.panel;
    expect(ff.origin).toMatch(/^moz-extension:\/\//);

    // The manifest Firefox loaded: sidebar_action, no Chrome-only permissions.
    const manifest = await page.evaluate(() => {
      const m = browser.runtime.getManifest() as { sidebar_action?: { default_panel?: string }; permissions?: string[] };
      return { panel: m.sidebar_action?.default_panel, permissions: m.permissions ?? [] };
    });
    expect(manifest.panel).toMatch(/\/sidepanel\.html$/); // Firefox resolves it to a full URL
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.permissions).not.toContain('sidePanel');

    await page.waitForSelector('[data-testid=composer]', { visible: true, timeout: 15_000 });
    const prompt = `firefox smoke ${Date.now()}`;
    await page.type('[data-testid=composer]', prompt);
    // Streaming: a partial answer is seen before the final one (not one block at the end). Recorded
    // in the page by a MutationObserver: polling over BiDi can miss a short answer's partials under load.
    await page.evaluate(() => {
      const lengths: number[] = [];
      (window as unknown as { __answerLengths: number[] }).__answerLengths = lengths;
      new MutationObserver(() => {
        const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
        const last = all[all.length - 1] as HTMLElement | undefined;
        if (last?.getAttribute('data-status') === 'streaming') lengths.push((last.textContent ?? '').trim().length);
      }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    await page.click('[data-testid=send]');

    const expected = defaultAnswer(prompt);
    const deadline = Date.now() + 25_000;
    let final: { text: string; status: string | null } = { text: '', status: null };
    while (Date.now() < deadline) {
      final = await page.evaluate(() => {
        const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
        const last = all[all.length - 1] as HTMLElement | undefined;
        return { text: (last?.innerText ?? '').trim(), status: last?.getAttribute('data-status') ?? null };
      });
      if (final.status === 'done' || final.status === 'error' || final.status === 'stopped') break;
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(final.status, `last answer text: ${final.text}`).toBe('done');
    expect(final.text).toBe(expected);
    const lengths = await page.evaluate(() => (window as unknown as { __answerLengths: number[] }).__answerLengths);
    expect(lengths.some((n) => n > 0 && n < expected.length), `saw a partial answer while streaming (lengths ${lengths.join(',')})`).toBe(true);

    // Transport: the agents WebSocket, opened straight from the background page.
    const upgrade = emulator.log.find(isSocket);
    expect(upgrade, 'a WebSocket upgrade to /agents/…').toBeDefined();
    expect(upgrade?.status).toBe(101);

    // The conversation reached the history (storage works under Firefox too).
    await waitInPage(page, () => document.querySelector('[data-testid=message][data-role=user]')?.textContent?.includes('firefox smoke') ?? false, 5_000, 'user message shown');
  });
});
