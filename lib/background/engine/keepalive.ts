// While a generation is in flight the worker must not be stopped for idleness: a long silence
// from the model (up to our 30 s limit) would otherwise let Chrome end it after 30 s idle.
// Any extension API call resets the idle timer (Chrome 110+). Nothing runs when idle.
// https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
import { browser } from 'wxt/browser';

const INTERVAL_MS = 20_000;
let active = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function holdAwake(): () => void {
  active += 1;
  timer ??= setInterval(() => void browser.runtime.getPlatformInfo().catch(() => {}), INTERVAL_MS);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    active -= 1;
    if (active === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** How many holds are active (tests: a leaked hold keeps the worker awake for ever). */
export function heldAwake(): number {
  return active;
}
