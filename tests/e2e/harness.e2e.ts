// Self-tests of the e2e harness against the e2e build (no emulator, no UI hooks needed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchExtension, sidePanelCount, WorkerStatusProbe, type LaunchedExtension } from './harness';

const backgroundContexts = (page: import('playwright-core').Page) =>
  page.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length);

describe('harness', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('loads the extension and finds its worker and id', async () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    expect(ext.worker.url()).toBe(`chrome-extension://${ext.extensionId}/background.js`);
    expect(await ext.worker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
  });

  it('opens the side panel page as a tab', async () => {
    const page = await ext.openPage('/sidepanel.html');
    expect(await page.title()).toBe('FlareChat');
    expect(await page.evaluate(() => location.protocol)).toBe('chrome-extension:');
    await page.close();
  });

  it('stops the service worker for real, and it restarts on the next event', async () => {
    const page = await ext.openPage('/_locales/en/messages.json'); // an extension-origin page that never wakes the worker
    const before = await ext.worker.evaluate(() => {
      (self as unknown as { __e2eMarker: number }).__e2eMarker = 42;
      return performance.timeOrigin;
    });
    expect(await backgroundContexts(page)).toBe(1);

    await ext.stopServiceWorker();
    expect(await backgroundContexts(page)).toBe(0);
    await new Promise((r) => setTimeout(r, 1500)); // stays stopped: nothing pins or restarts it
    expect(await backgroundContexts(page)).toBe(0);

    // Any extension event wakes it again.
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'e2e-wake' }).catch(() => undefined));
    const worker = await ext.waitForWorker();
    await expect.poll(() => backgroundContexts(page)).toBe(1);
    const after = await worker.evaluate(() => ({
      marker: (self as unknown as { __e2eMarker?: number }).__e2eMarker ?? null,
      origin: performance.timeOrigin,
    }));
    expect(after.marker).toBeNull();
    expect(after.origin).toBeGreaterThan(before);

    const probe = await WorkerStatusProbe.open(ext.context, ext.extensionId);
    await probe.waitFor('running');
    await probe.close();
    await page.close();
  });

  it('opens the real side panel and drives it over a second CDP client', async () => {
    expect(await sidePanelCount(ext)).toBe(0);
    const panel = await ext.openSidePanel();
    expect(await sidePanelCount(ext)).toBe(1);
    expect(panel.url()).toBe(`chrome-extension://${ext.extensionId}/sidepanel.html`);
    expect(await panel.title()).toBe('FlareChat');
    expect((await panel.screenshot()).byteLength).toBeGreaterThan(100);
  });
});

describe('browser restart with the same profile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flarechat-profile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the extension id and its storage', async () => {
    const first = await launchExtension({ userDataDir: dir });
    await first.worker.evaluate(() => chrome.storage.local.set({ e2eRestart: 'kept' }));
    const id = first.extensionId;
    await first.close();

    const second = await launchExtension({ userDataDir: dir });
    try {
      expect(second.extensionId).toBe(id);
      expect(await second.worker.evaluate(() => chrome.storage.local.get('e2eRestart'))).toEqual({ e2eRestart: 'kept' });
    } finally {
      await second.close();
    }
  });
});
