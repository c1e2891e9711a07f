// The background side of the Connection doctor (issue #14): the self-test over the real probes,
// the canary and the error log, served on the data port (doctor-handlers.ts). The last self-test
// is kept in storage.local because the worker may be gone by the time the report is asked for.
// The report's Markdown is written by the options page (lib/pages/bug-report.ts), not here, so the
// service worker does not carry it (issue #16).
import { browser } from 'wxt/browser';
import type { BugReportInput, DoctorApi, SelfTestReport } from '@/lib/protocol/doctor';
import type { ClientDeps } from '@/lib/playground/client';
import { markCanarySeen, readCanary } from '@/lib/playground/canary';
import { readErrors } from './error-log';
import { realProbes } from './probes';
import { runSelfTest, type DoctorProbes } from './self-test';

export const LAST_SELF_TEST_KEY = 'doctor:last-self-test';

export interface BackgroundDoctor extends Omit<DoctorApi, 'bugReport'> {
  /** What the bug report is built from (the last self-test, the error log, the canary). */
  bugReportInput(): Promise<BugReportInput>;
  /** The user looked at the canary: clears the header indicator. */
  markCanarySeen(): Promise<void>;
}

export function createDoctor(probes: DoctorProbes): BackgroundDoctor {
  return {
    async runSelfTest(onStep) {
      const report = await runSelfTest(probes, onStep);
      await browser.storage.local.set({ [LAST_SELF_TEST_KEY]: report }).catch(() => {});
      return report;
    },
    async bugReportInput() {
      const [stored, errors, canary] = await Promise.all([
        browser.storage.local.get(LAST_SELF_TEST_KEY).then((got) => got[LAST_SELF_TEST_KEY] as SelfTestReport | undefined),
        readErrors(),
        readCanary(),
      ]);
      return { ...(stored ? { selfTest: stored } : {}), errors, canary: canary.records };
    },
    canary: () => readCanary(),
    markCanarySeen: () => markCanarySeen(),
  };
}

/** The doctor over the chat's own client deps (start.ts `clientDeps()`). */
export function backgroundDoctor(deps: ClientDeps): BackgroundDoctor {
  const offscreen = typeof chrome !== 'undefined' && typeof chrome.offscreen?.createDocument === 'function';
  return createDoctor(realProbes(deps, offscreen ? 'offscreen relay' : 'background page'));
}
