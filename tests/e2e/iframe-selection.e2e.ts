// Issue #11: a context-menu click on a selection inside an iframe sent an OLDER selection of the
// top page (the selection was read from the top frame). Now the clicked frame (info.frameId) is
// read and the text the menu reported is the source of truth. CDP cannot open a context menu, so
// the e2e build's `self.__flarechatSurfaceHooks` calls the menu handler with the `info` Chrome
// would pass (see surfaces.e2e.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, sel, startEmulator, type Emulator, type LaunchedExtension } from './harness';

const TOP_TEXT = 'An older selection made in the top page';
const FRAME_TEXT = 'Fresh words selected inside the embedded frame';
const TOP = `<!doctype html><html><head><title>Top page</title></head><body>
<p id="top">${TOP_TEXT}</p><iframe id="frame" src="/frame" width="600" height="200"></iframe></body></html>`;
const FRAME = `<!doctype html><html><head><title>Frame</title></head><body><p id="inner">${FRAME_TEXT.replace('selected ', 'selected<br>')}</p></body></html>`;

let emulator: Emulator;
let ext: LaunchedExtension;
let pages: http.Server;
let origin: string;
let panel: Page;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws' });
  pages = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/frame' ? FRAME : TOP);
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  ext = await launchExtension();
  panel = await ext.openSidePanel();
  await panel.locator(sel.composer).waitFor();
});

afterAll(async () => {
  await ext?.close();
  await emulator?.close();
  await new Promise((r) => pages?.close(r));
});

describe('context menu on a selection inside an iframe', () => {
  it('sends the iframe text, not an older selection of the top page', async () => {
    const url = `${origin}/top`;
    const tab = await ext.context.newPage();
    await tab.goto(url);
    const frame = tab.frames().find((f) => f.url().endsWith('/frame'));
    if (!frame) throw new Error('iframe not loaded');
    await frame.waitForSelector('#inner');
    // First a selection in the top page, then one in the iframe (the top one stays selected there).
    const select = (id: string) => {
      const node = document.getElementById(id)!;
      const range = document.createRange();
      range.selectNodeContents(node);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    };
    await tab.evaluate(select, 'top');
    await frame.evaluate(select, 'inner');
    expect(await tab.evaluate(() => getSelection()!.toString())).toBe(TOP_TEXT);

    const worker = await ext.waitForWorker();
    const target = await worker.evaluate(async (pageUrl) => {
      const [found] = await chrome.tabs.query({ url: pageUrl });
      const frames = await chrome.scripting.executeScript({ target: { tabId: found.id!, allFrames: true }, func: () => location.href });
      const inner = frames.find((f) => String(f.result).endsWith('/frame'));
      return { id: found.id!, windowId: found.windowId, frameId: inner!.frameId, frameUrl: String(inner!.result) };
    }, url);
    expect(target.frameId).toBeGreaterThan(0);
    const panelWindowId = await panel.evaluate(async () => (await chrome.windows.getCurrent()).id!);

    // What Chrome passes for a click in the frame: its frameId and URL, and the selection as text
    // with line breaks collapsed.
    const info = { menuItemId: 'fc-ask', selectionText: FRAME_TEXT, pageUrl: url, frameId: target.frameId, frameUrl: target.frameUrl };
    await worker.evaluate(
      async ([menuInfo, tabInfo]) => {
        const hooks = (self as unknown as { __flarechatSurfaceHooks?: { onMenuClicked(i: object, t: object): void; settled(): Promise<void> } }).__flarechatSurfaceHooks;
        if (!hooks) throw new Error('__flarechatSurfaceHooks missing: is this the e2e build?');
        hooks.onMenuClicked(menuInfo, tabInfo);
        await hooks.settled();
      },
      [info, { id: target.id, windowId: panelWindowId, url, title: 'Top page' }] as const,
    );
    // issue #12: "Ask" quotes the selection in a chip; the sent request carries it as a context block.
    const quote = panel.locator('[data-testid=composer-quote]');
    await expect.poll(() => quote.textContent(), { timeout: 10_000 }).toContain('inside the embedded frame');
    expect(await quote.textContent()).not.toContain(TOP_TEXT);
    await panel.locator(sel.composer).pressSequentially('What is this?');
    await panel.locator(sel.send).click();
    let request = '';
    await expect
      .poll(() => (request = emulator.log.filter((e) => e.kind === 'ws-in').map((e) => JSON.stringify(e.frame ?? '')).find((r) => r.includes('inside the embedded frame')) ?? ''), { timeout: 10_000 })
      .not.toBe('');
    expect(request).toContain('Fresh words selected');
    expect(request).toContain(target.frameUrl); // the block's source is the frame, not the top page
    expect(request).not.toContain(TOP_TEXT);
    await tab.close();
  });
});
