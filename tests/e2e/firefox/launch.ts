// Firefox ESR with the Firefox e2e build, driven by puppeteer-core over WebDriver BiDi
// (docs/platform-notes.md#firefox). Playwright cannot drive stock Firefox (it needs Juggler).
//
// BiDi refuses page.goto('moz-extension://…'), so the e2e build's background opens
// sidepanel.html in a tab on install (entrypoints/background.ts); we find that tab by polling
// pages() and asking each for location.href (page.url() stays about:blank for extension pages).
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { laneDir, RESULTS, ROOT } from '../harness/paths';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** `npm run build:e2e` (second half): WXT_PLAYGROUND_ORIGIN=http://127.0.0.1:8787 wxt build -b firefox --mv3 --mode e2e. */
export const FIREFOX_E2E_BUILD = laneDir(path.join(ROOT, '.output/firefox-mv3-e2e'));

export interface LaunchedFirefox {
  browser: Browser;
  /** The add-on's own tab (sidepanel.html), opened by the e2e background on install. */
  panel: Page;
  /** moz-extension://<uuid> */
  origin: string;
  /** Finds an open extension page whose path is `pathname` (polls). */
  findPage(pathname: string, timeoutMs?: number): Promise<Page>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

async function href(page: Page): Promise<string> {
  try {
    return await page.evaluate(() => location.href);
  } catch {
    return '';
  }
}

export async function launchFirefox(extensionDir = FIREFOX_E2E_BUILD): Promise<LaunchedFirefox> {
  try {
    await access(path.join(extensionDir, 'manifest.json'));
  } catch {
    throw new Error(`No Firefox extension build at ${extensionDir}: run \`npm run build:e2e\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // No remote-settings / telemetry chatter in the test profile.
    extraPrefsFirefox: {
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.reportingpolicy.firstRun': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  try {
    await browser.installExtension(extensionDir);
    const findPage = async (pathname: string, timeoutMs = 15_000): Promise<Page> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const page of await browser.pages()) {
          const url = await href(page);
          if (url.startsWith('moz-extension://') && new URL(url).pathname === pathname) return page;
        }
        if (Date.now() > deadline) throw new Error(`No moz-extension page ${pathname} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const panel = await findPage('/sidepanel.html');
    // Node's URL gives origin 'null' for moz-extension:, so cut it out by hand.
    const origin = (await href(panel)).replace(/^(moz-extension:\/\/[^/]+).*$/, '$1');
    return {
      browser,
      panel,
      origin,
      findPage,
      async screenshot(name) {
        const dir = path.join(RESULTS, 'e2e');
        await mkdir(dir, { recursive: true });
        const file: `${string}.png` = `${path.join(dir, name.replace(/[^\w.-]+/g, '-').slice(0, 80))}.png`;
        await panel.screenshot({ path: file });
        return file;
      },
      async close() {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/** Polls `fn` in the page until it returns a truthy value. */
export async function waitInPage<T>(page: Page, fn: () => T, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await page.evaluate(fn);
      if (last) return last as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
