// MV3 service worker: find it, watch it, and stop it for real.
//
// stopServiceWorker(): verified on Debian Chromium 156.0.8078.79, headless, with Playwright attached.
//
//   WORKS: Chrome's documented Puppeteer recipe ("Test service worker termination with Puppeteer"):
//   a second client, puppeteer-core `puppeteer.connect({ browserWSEndpoint })` to the same browser
//   (endpoint from <userDataDir>/DevToolsActivePort), then `(await target.worker()).close()`.
//   Puppeteer sends `Target.closeTarget` for the worker AND `Target.detachFromTarget` for its own
//   session. Afterwards chrome.runtime.getContexts({contextTypes:['BACKGROUND']}) is [] and stays [],
//   the worker's runningStatus is "stopped", a global set in the worker is gone after the next event
//   restarts it, performance.timeOrigin changes, and the Playwright context keeps working. The
//   Playwright Worker handle stays valid (same DevTools target id across restarts).
//
//   FAILED (same checks, 1 s after the call):
//   - `ServiceWorker.stopAllWorkers` / `ServiceWorker.stopWorker{versionId}` from a page's CDP
//     session: the worker stops but is started again at once (BACKGROUND context back within 1 s):
//     a DevTools client still attached to the worker target restarts it.
//   - `Target.closeTarget` alone from a second (puppeteer) client: same: that client's own
//     auto-attached session keeps the worker target, which restarts. The detach is the key step.
//   - `ServiceWorker.*` on a browser-level session: "'ServiceWorker.enable' wasn't found".
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { devToolsActivePort } from './sidepanel';

/** The extension's live worker; waits for one to (re)start. */
export async function waitForWorker(
  context: BrowserContext,
  extensionId: string | undefined,
  timeoutMs = 10_000,
): Promise<Worker> {
  const matches = (w: Worker) => {
    const url = new URL(w.url());
    return url.protocol === 'chrome-extension:' && (!extensionId || url.host === extensionId);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = context.serviceWorkers().filter(matches).at(-1);
    if (last) return last;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`No extension service worker within ${timeoutMs} ms`);
    await context.waitForEvent('serviceworker', { timeout: left, predicate: matches }).catch(() => undefined);
  }
}

export type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

interface Version { versionId: string; scriptURL: string; runningStatus: RunningStatus; status: string }

/**
 * Watches the extension worker's runningStatus through the ServiceWorker CDP domain on a page
 * session (reading it does not wake or pin the worker).
 */
export class WorkerStatusProbe {
  private latest: RunningStatus | undefined;
  /** Every status reported, in order: a worker may stop and start again between two polls. */
  readonly history: RunningStatus[] = [];
  private constructor(private session: CDPSession, private page: Page | undefined) {}

  static async open(context: BrowserContext, extensionId: string): Promise<WorkerStatusProbe> {
    const existing = context.pages()[0];
    const page = existing ?? (await context.newPage());
    const session = await context.newCDPSession(page);
    const probe = new WorkerStatusProbe(session, existing ? undefined : page);
    session.on('ServiceWorker.workerVersionUpdated', (event: { versions: Version[] }) => {
      for (const v of event.versions) {
        if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.status === 'activated') {
          probe.latest = v.runningStatus;
          probe.history.push(v.runningStatus);
        }
      }
    });
    await session.send('ServiceWorker.enable');
    return probe;
  }

  get status(): RunningStatus | undefined {
    return this.latest;
  }

  async waitFor(status: RunningStatus, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.latest !== status) {
      if (Date.now() > deadline) throw new Error(`Worker runningStatus is ${this.latest}, expected ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves once `status` has been reported at or after history index `from`. */
  async waitForSeen(status: RunningStatus, from: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.history.slice(from).includes(status)) {
      if (Date.now() > deadline) throw new Error(`Worker never reported ${status}; saw ${this.history.slice(from).join(' → ') || 'nothing'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    await this.session.detach().catch(() => undefined);
    await this.page?.close().catch(() => undefined);
  }
}

/** Terminates the extension's MV3 worker (recipe above) and waits until Chromium reports it stopped. */
export async function stopServiceWorker(ext: {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
}, timeoutMs = 10_000): Promise<void> {
  const probe = await WorkerStatusProbe.open(ext.context, ext.extensionId);
  const mark = probe.history.length;
  try {
    const { wsEndpoint } = await devToolsActivePort(ext.userDataDir);
    const browser = await puppeteer.connect({ browserWSEndpoint: wsEndpoint, defaultViewport: null });
    try {
      const target = await browser.waitForTarget(
        (t) => String(t.type()) === 'service_worker' && t.url().startsWith(`chrome-extension://${ext.extensionId}/`),
        { timeout: timeoutMs },
      );
      const worker = await target.worker();
      if (!worker) throw new Error('puppeteer: the service worker target has no worker');
      await worker.close();
    } finally {
      await browser.disconnect();
    }
    // An open panel reconnects at once and a new worker may already be running: what counts is
    // that the old one stopped.
    await probe.waitForSeen('stopped', mark, timeoutMs);
  } finally {
    await probe.close();
  }
}
