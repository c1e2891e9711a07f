// `npm run screenshots` (issue #7): README pictures from the real extension against the emulator,
// so they stay current. Writes tests/screenshots/<view>-<light|dark>.png:
//   sidepanel     a conversation whose answer has a heading, a list, code and a table
//   context-menu  the side panel after "Summarize" on a selected text (the e2e surface hook in the
//                 worker stands in for the right-click, which CDP cannot click)
//   popup         the toolbar popup (skipped with a note until the build has one)
// Needs the e2e build (`npm run build:e2e`, which the npm script runs first) and port 8787.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, sendPrompt, startEmulator, waitForAnswer, ROOT, type Emulator, type LaunchedExtension } from './harness';

const OUT = path.join(ROOT, 'tests/screenshots');
const SCHEMES = ['light', 'dark'] as const;
const SELECTION =
  'Service workers in Manifest V3 are event-driven: the browser starts them for an event and stops them when idle. ' +
  'State must be kept in storage, listeners registered synchronously at start-up, and long work split into steps.';

async function emulatorWhenFree(): Promise<Emulator> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      return await startEmulator({ mode: 'ws', tokenDelayMs: 2 });
    } catch (error) {
      if (!String(error).includes('EADDRINUSE') || Date.now() > deadline) throw error;
      console.log('port 8787 is busy (another e2e run?): waiting…');
      await new Promise((r) => setTimeout(r, 3_000));
    }
  }
}

async function settle(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined)));
  });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function shoot(page: Page, name: string): Promise<string[]> {
  const files: string[] = [];
  for (const scheme of SCHEMES) {
    await settle(page, scheme);
    const file = path.join(OUT, `${name}-${scheme}.png`);
    await page.screenshot({ path: file });
    files.push(path.relative(ROOT, file));
  }
  return files;
}

async function sidePanel(ext: LaunchedExtension): Promise<string[]> {
  const page = await ext.openPage('/sidepanel.html');
  // `/long 65` = exactly the first section of the emulator's markdown answer (heading, list, code, table).
  await sendPrompt(page, 'Show me a small TypeScript function and a table /long 65');
  await waitForAnswer(page, { status: 'done', timeoutMs: 20_000 });
  const files = await shoot(page, 'sidepanel');
  await page.close();
  return files;
}

async function contextMenu(ext: LaunchedExtension, emulator: Emulator): Promise<string[] | string> {
  const hasHooks = await ext.worker.evaluate(() => typeof (globalThis as { __flarechatSurfaceHooks?: unknown }).__flarechatSurfaceHooks === 'object');
  if (!hasHooks) return 'skipped: the e2e build has no __flarechatSurfaceHooks';
  const panel = await ext.openSidePanel();
  await panel.locator('[data-testid=composer]').waitFor();
  const windowId = await ext.worker.evaluate(async () => (await chrome.windows.getLastFocused()).id);
  emulator.configure({ answerTokens: 34 }); // a short markdown answer: heading, paragraph, three points
  try {
    await ext.worker.evaluate(
      async ({ selection, windowId }) => {
        const hooks = (globalThis as unknown as { __flarechatSurfaceHooks: { onMenuClicked(info: object, tab: object): void; settled(): Promise<void> } }).__flarechatSurfaceHooks;
        hooks.onMenuClicked({ menuItemId: 'fc-template:summarize', selectionText: selection, pageUrl: 'https://developer.chrome.com/docs/extensions' }, { windowId, title: 'Extension service workers' });
        await hooks.settled();
      },
      { selection: SELECTION, windowId },
    );
    await waitForAnswer(panel, { status: 'done', timeoutMs: 20_000 });
    return await shoot(panel, 'context-menu');
  } finally {
    emulator.configure({ answerTokens: null });
  }
}

async function popup(ext: LaunchedExtension, emulator: Emulator): Promise<string[] | string> {
  const manifest = await ext.worker.evaluate(() => chrome.runtime.getManifest());
  const file = manifest.action?.default_popup;
  if (!file) return 'skipped: no popup in the manifest';
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 400, height: 520 });
  const ok = await page.goto(`chrome-extension://${ext.extensionId}/${file}`).then((r) => r?.ok() ?? true, () => false);
  const hasContent = ok && (await page.waitForFunction(() => (document.body?.innerText ?? '').trim().length > 0, undefined, { timeout: 5_000 }).then(() => true, () => false));
  if (!hasContent) return `skipped: ${file} is not in the build yet`;
  // A quick question answered inline (the popup shares the composer's and the answer's test ids).
  emulator.configure({ answerTokens: 34 });
  try {
    await sendPrompt(page, 'What does this paragraph say?');
    await waitForAnswer(page, { status: 'done', timeoutMs: 20_000 });
  } finally {
    emulator.configure({ answerTokens: null });
  }
  // A popup is as tall as its content: trim the empty viewport below it.
  const height = await page.evaluate(() => Math.min(600, Math.ceil(Math.max(...[...document.querySelectorAll("body *")].map((el) => el.getBoundingClientRect()).filter((r) => r.height < innerHeight * 0.8).map((r) => r.bottom)) + 12)));
  await page.setViewportSize({ width: 400, height: Math.max(200, height) });
  return shoot(page, 'popup');
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const emulator = await emulatorWhenFree();
  const ext = await launchExtension({ viewport: { width: 420, height: 720 } });
  const report: string[] = [];
  try {
    report.push(...(await sidePanel(ext)));
    const menu = await contextMenu(ext, emulator);
    report.push(...(typeof menu === 'string' ? [`context-menu: ${menu}`] : menu));
    const pop = await popup(ext, emulator);
    report.push(...(typeof pop === 'string' ? [`popup: ${pop}`] : pop));
  } finally {
    await ext.close();
    await emulator.close();
  }
  for (const line of report) console.log(line);
}

await main();
