// Launch Debian Chromium with an unpacked MV3 extension (docs/platform-notes.md#chromium-e2e).
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtemp, rm, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, E2E_BUILD } from './paths';
import { openSidePanel } from './sidepanel';
import { stopServiceWorker, waitForWorker } from './worker';
import { trackPages } from './artifacts';

export interface LaunchOptions {
  /** Unpacked extension folder; default `.output/chrome-mv3-e2e`. */
  extensionDir?: string;
  /** Reuse a profile (browser-restart tests). When given, close() keeps it on disk. */
  userDataDir?: string;
  /** Default true. `false` needs a DISPLAY (the demo). */
  headless?: boolean;
  viewport?: { width: number; height: number } | null;
  /** Let Playwright kill the browser on Ctrl-C (default true). The demo closes it itself. */
  handleSignals?: boolean;
}

export interface LaunchedExtension {
  context: BrowserContext;
  /** The current service worker. After stopServiceWorker() call `waitForWorker()` for the new one. */
  worker: Worker;
  extensionId: string;
  userDataDir: string;
  extensionDir: string;
  /** `chrome-extension://<id><path>` opened in a new tab. */
  openPage(pathname: string): Promise<Page>;
  /** The real side panel (docs/platform-notes.md#real-side-panel), as a Page from a second CDP client. */
  openSidePanel(): Promise<Page>;
  /** Terminates the MV3 worker for real (see worker.ts); it restarts on the next event. */
  stopServiceWorker(): Promise<void>;
  /** The live worker (waits for a new one if the old one was stopped). */
  waitForWorker(timeoutMs?: number): Promise<Worker>;
  close(): Promise<void>;
}

export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // Writes <userDataDir>/DevToolsActivePort: the side panel and the worker stop need a second client.
    '--remote-debugging-port=0',
  ];
}

export async function launchExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const extensionDir = path.resolve(options.extensionDir ?? E2E_BUILD);
  try {
    await access(path.join(extensionDir, 'manifest.json'));
  } catch {
    throw new Error(`No extension build at ${extensionDir}: run \`npm run build:e2e\` first.`);
  }
  const ownsProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'flarechat-e2e-')));
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    handleSIGINT: options.handleSignals ?? true,
    handleSIGTERM: options.handleSignals ?? true,
    args: chromiumArgs(extensionDir),
    viewport: options.viewport === undefined ? { width: 420, height: 800 } : options.viewport,
  });
  let worker: Worker;
  try {
    worker = await waitForWorker(context, undefined, 15_000);
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
  const extensionId = new URL(worker.url()).host;
  const cleanups: Array<() => Promise<void>> = [];
  const untrack = trackPages(() => context.pages());

  const handle: LaunchedExtension = {
    context,
    worker,
    extensionId,
    userDataDir,
    extensionDir,
    async openPage(pathname) {
      const page = await context.newPage();
      const rel = pathname.startsWith('/') ? pathname : `/${pathname}`;
      await page.goto(`chrome-extension://${extensionId}${rel}`);
      return page;
    },
    async openSidePanel() {
      const { page, dispose } = await openSidePanel(handle);
      const untrackPanel = trackPages(() => (page.isClosed() ? [] : [page]));
      cleanups.push(async () => {
        untrackPanel();
        await dispose();
      });
      return page;
    },
    async stopServiceWorker() {
      await stopServiceWorker(handle);
    },
    async waitForWorker(timeoutMs = 10_000) {
      handle.worker = await waitForWorker(context, extensionId, timeoutMs);
      return handle.worker;
    },
    async close() {
      untrack();
      for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
      await context.close().catch(() => undefined);
      if (ownsProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
  return handle;
}
