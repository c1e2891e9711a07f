// The background side of the Connection doctor (issue #14): implements DoctorApi over the real
// probes, the canary and the error log. The lead wires it to the data port; the last self-test
// is kept in storage.local because the worker may be gone by the time the report is built.
import { browser } from 'wxt/browser';
import type { DoctorApi, SelfTestReport } from '@/lib/protocol/doctor';
import type { ClientDeps } from '@/lib/playground/client';
import { markCanarySeen, readCanary } from '@/lib/playground/canary';
import { buildBugReport, type ReportEnvironment } from './bug-report';
import { readErrors } from './error-log';
import { realProbes } from './probes';
import { runSelfTest, type DoctorProbes } from './self-test';

export const LAST_SELF_TEST_KEY = 'doctor:last-self-test';

/** "Chrome 156", "Firefox 128", from the user agent (no other source is available in a worker). */
export function browserName(userAgent: string): string {
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  if (firefox) return `Firefox ${firefox[1]}`;
  const edge = /Edg\/(\d+)/.exec(userAgent);
  if (edge) return `Edge ${edge[1]}`;
  const chrome = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  return chrome ? `Chrome ${chrome[1]}` : 'unknown browser';
}

export function environment(): ReportEnvironment {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  const platform = /\(([^;)]+)/.exec(ua)?.[1];
  return {
    version: browser.runtime.getManifest().version,
    build: `${import.meta.env.MODE}, ${import.meta.env.BROWSER}`,
    browser: browserName(ua),
    ...(platform ? { platform } : {}),
  };
}

export interface BackgroundDoctor extends DoctorApi {
  /** The user looked at the canary: clears the header indicator. */
  markCanarySeen(): Promise<void>;
}

export function createDoctor(probes: DoctorProbes, env: () => ReportEnvironment = environment): BackgroundDoctor {
  return {
    async runSelfTest(onStep) {
      const report = await runSelfTest(probes, onStep);
      await browser.storage.local.set({ [LAST_SELF_TEST_KEY]: report }).catch(() => {});
      return report;
    },
    async bugReport() {
      const [stored, errors, canary] = await Promise.all([
        browser.storage.local.get(LAST_SELF_TEST_KEY).then((got) => got[LAST_SELF_TEST_KEY] as SelfTestReport | undefined),
        readErrors(),
        readCanary(),
      ]);
      return buildBugReport({ env: env(), selfTest: stored, errors, canary: canary.records });
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
