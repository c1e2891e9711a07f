// The page side of the Connection doctor (issue #14): the canary's unseen count for the panel
// header, and the way to the options page's Connection section. The doctor itself (DoctorApi over
// the data port) is port-doctor.ts, which only the options page loads.
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { DataClient } from './data-client';

export const CONNECTION_SECTION = 'connection';

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
