// The set-up most e2e files share: one emulator on the e2e port (waiting while another run holds
// it), one launched extension, optional fast deadlines, and one open page, all closed after the
// file. The file keeps its own `let emulator, ext, page` and receives them through `ready`, so its
// tests read as before.
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import type { Emulator, EmulatorOptions, LaunchedExtension } from './harness';
import { launch, setDeadlines, startEmulatorWhenFree, type Deadlines } from './faults-kit';

export interface SuiteOptions {
  emulator: EmulatorOptions;
  /** Shorter first-byte/silence deadlines for fault tests (faults-kit FAST_DEADLINES). */
  deadlines?: Deadlines;
  /** The page to open once launched (default: the side panel as a tab). */
  open?: string;
}

export interface Suite {
  emulator: Emulator;
  ext: LaunchedExtension;
  page: Page;
}

export function useExtensionSuite(options: SuiteOptions, ready: (suite: Suite) => void): void {
  let emulator: Emulator | undefined;
  let ext: LaunchedExtension | undefined;
  beforeAll(async () => {
    emulator = await startEmulatorWhenFree(options.emulator);
    ext = await launch();
    if (options.deadlines) await setDeadlines(ext, options.deadlines);
    ready({ emulator, ext, page: await ext.openPage(options.open ?? '/sidepanel.html') });
  });
  afterAll(async () => {
    // A test that failed while offline must not leave the next file's browser offline.
    await ext?.context.setOffline(false).catch(() => {});
    await ext?.close();
    await emulator?.close();
  });
}

export interface PanelSuite extends Suite {
  /** The real side panel (not a tab), ready for input. */
  page: Page;
  /** Its window: a context-menu click in this window hands the request to this panel. */
  windowId: number;
}

/**
 * The set-up of the files that drive the real side panel from the context menu: the emulator
 * (socket mode, fast tokens unless `emulator` says otherwise), the extension, the real side
 * panel with its composer on screen, and its window id for `clickMenu`.
 */
export function useSidePanelSuite(options: { emulator?: EmulatorOptions }, ready: (suite: PanelSuite) => void): void {
  let emulator: Emulator | undefined;
  let ext: LaunchedExtension | undefined;
  beforeAll(async () => {
    emulator = await startEmulatorWhenFree({ mode: 'ws', tokenDelayMs: 5, ...options.emulator });
    ext = await launch();
    const page = await ext.openSidePanel();
    await page.locator('[data-testid=composer]').waitFor();
    const windowId = await page.evaluate(async () => (await chrome.windows.getCurrent()).id!);
    ready({ emulator, ext, page, windowId });
  });
  afterAll(async () => {
    await ext?.close();
    await emulator?.close();
  });
}

/** The background's surface handlers, exposed on this global by the e2e build only (entrypoints/background.ts). */
export const SURFACE_HOOK = '__flarechatSurfaceHooks';

/** Calls a surface handler (menu click, omnibox, command) in the worker and waits for its async work (the handoff write). */
export async function callSurfaceHook(ext: LaunchedExtension, name: 'onMenuClicked' | 'onOmniboxEntered' | 'onCommand', ...args: unknown[]): Promise<void> {
  const worker = await ext.waitForWorker();
  await worker.evaluate(
    async ([hookName, method, params]) => {
      const hooks = (self as unknown as Record<string, Record<string, (...a: unknown[]) => unknown> & { settled(): Promise<void> }>)[hookName];
      if (!hooks) throw new Error(`${hookName} missing: is this the e2e build?`);
      hooks[method](...params);
      await hooks.settled();
    },
    [SURFACE_HOOK, name, args] as const,
  );
}

/**
 * A context-menu click as the browser reports it (CDP cannot open a real context menu): the e2e
 * build's hook calls the same handler as menus.onClicked. Not awaiting the handler's work: the
 * panel's reaction is what a test waits for.
 */
export async function clickMenu(ext: LaunchedExtension, info: Record<string, unknown>, tab: Record<string, unknown>): Promise<void> {
  const worker = await ext.waitForWorker();
  await worker.evaluate(
    ([hookName, click, clickedTab]) => {
      const hooks = (self as unknown as Record<string, { onMenuClicked(i: unknown, t: unknown): void } | undefined>)[hookName];
      if (!hooks) throw new Error(`${hookName} missing: is this the e2e build?`);
      hooks.onMenuClicked(click, clickedTab);
    },
    [SURFACE_HOOK, info, tab] as const,
  );
}
