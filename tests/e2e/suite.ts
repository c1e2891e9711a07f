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
