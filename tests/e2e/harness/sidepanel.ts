// The real side panel (docs/platform-notes.md#real-side-panel).
//
// 1. sidePanel.open() needs a user gesture; a Playwright click in an extension page is one.
//    The product has no "open panel" button, so we add one to an extension tab through CDP
//    (page.evaluate is not subject to the page CSP) whose click handler calls
//    chrome.sidePanel.open() synchronously.
// 2. The panel is an un-attached page target, not in context.pages(): reach it with a second
//    client, chromium.connectOverCDP() on the port from <userDataDir>/DevToolsActivePort.
import { chromium, type Browser, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LaunchedExtension } from './launch';

/** `{ port, browserPath }` from the DevToolsActivePort file Chromium writes for --remote-debugging-port=0. */
export async function devToolsActivePort(userDataDir: string, timeoutMs = 5_000): Promise<{ port: number; wsEndpoint: string }> {
  const file = path.join(userDataDir, 'DevToolsActivePort');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const [port, wsPath] = text.trim().split('\n');
    if (port && wsPath) return { port: Number(port), wsEndpoint: `ws://127.0.0.1:${port}${wsPath}` };
    if (Date.now() > deadline) throw new Error(`${file} not written: was --remote-debugging-port=0 passed?`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const GESTURE_MARK = 'e2e-gesture';

export async function sidePanelCount(ext: Pick<LaunchedExtension, 'waitForWorker'>): Promise<number> {
  const worker = await ext.waitForWorker();
  return worker.evaluate(
    async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length,
  );
}

export async function openSidePanel(
  ext: Pick<LaunchedExtension, 'openPage' | 'userDataDir' | 'extensionId' | 'waitForWorker'>,
  timeoutMs = 10_000,
): Promise<{ page: Page; gesturePage: Page; dispose(): Promise<void> }> {
  // A tab we can tell apart from the panel by its query string.
  const gesturePage = await ext.openPage(`/sidepanel.html?${GESTURE_MARK}`);
  await gesturePage.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'e2e-open-side-panel';
    button.textContent = 'open side panel';
    button.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647;width:120px;height:40px';
    button.addEventListener('click', () => {
      // Synchronously inside the click: no await before open() or the gesture is lost.
      void chrome.sidePanel.open({ windowId: chrome.windows.WINDOW_ID_CURRENT });
    });
    document.body.append(button);
  });
  await gesturePage.click('#e2e-open-side-panel');

  const deadline = Date.now() + timeoutMs;
  while ((await sidePanelCount(ext)) < 1) {
    if (Date.now() > deadline) throw new Error('The side panel did not open (no SIDE_PANEL context)');
    await new Promise((r) => setTimeout(r, 100));
  }

  const { port } = await devToolsActivePort(ext.userDataDir);
  const browser: Browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const panelUrl = `chrome-extension://${ext.extensionId}/sidepanel.html`;
  let panel: Page | undefined;
  while (!panel) {
    panel = browser
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().startsWith(panelUrl) && !p.url().includes(GESTURE_MARK));
    if (panel) break;
    if (Date.now() > deadline) {
      await browser.close().catch(() => undefined);
      throw new Error('The side panel target was not found over CDP');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await panel.waitForLoadState('domcontentloaded');
  return {
    page: panel,
    gesturePage,
    // Over connectOverCDP, close() only drops this client's connection; the browser belongs to
    // the persistent context (verified: the context keeps working afterwards).
    dispose: async () => browser.close(),
  };
}
