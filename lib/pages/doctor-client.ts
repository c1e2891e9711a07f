// The page side of the Connection doctor (issue #14): DoctorApi over the data port, the canary's
// unseen count for the panel header, and the way to the options page's Connection section.
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { DoctorApi } from '@/lib/protocol/doctor';
import type { DataClient } from './data-client';

export const CONNECTION_SECTION = 'connection';

export interface PageDoctor extends DoctorApi {
  markCanarySeen(): Promise<void>;
}

export function portDoctor(data: DataClient): PageDoctor {
  return {
    async runSelfTest(onStep) {
      // Step events carry the request's id; only this page's port gets them, and one test runs at a
      // time per page (the button is disabled meanwhile), so every doctor-step here is ours.
      const stop = data.on((event) => {
        if (event.type === 'doctor-step') onStep(event.progress);
      });
      try {
        return await data.request('doctor-self-test');
      } finally {
        stop();
      }
    },
    bugReport: () => data.request('doctor-bug-report'),
    canary: () => data.request('doctor-canary'),
    markCanarySeen: () => data.request('doctor-canary-seen').then(() => undefined),
  };
}

/** Shapes the canary caught since the user last looked (the panel header's mark). */
export const canaryUnseen = signal(0);

/** Keeps `canaryUnseen` current: read on open (and on reconnect), then follow pushed events. */
export function watchCanary(data: DataClient, abort?: AbortSignal): void {
  const refresh = () => void data.request('doctor-canary').then((snapshot) => (canaryUnseen.value = snapshot.unseen), () => {});
  const stop = data.on((event) => {
    if (event.type === 'canary-changed') canaryUnseen.value = event.unseen;
    else if (event.type === 'history-changed') refresh(); // also what a reconnect emits
  });
  abort?.addEventListener('abort', stop, { once: true });
  refresh();
}

/** Opens (or focuses) the options page at its Connection section. */
export async function openConnectionSection(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${CONNECTION_SECTION}`), active: true });
}
