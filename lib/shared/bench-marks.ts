// Timestamps for the bench's traces (tests/bench/first-token-trace.ts, cold-start-trace.ts): in e2e
// builds a few named steps of a turn push [name, wall-clock ms] onto globalThis.__marks, which the
// trace reads from the worker and lines up with the page's and the emulator's clocks. Production
// builds compile mark() to nothing (import.meta.env.MODE is a build-time constant).
const MAX_MARKS = 500;

/** `detail` (its first 12 characters) is appended here, so production builds do no string work. */
export function mark(name: string, detail?: string): void {
  if (import.meta.env.MODE !== 'e2e') return;
  const g = globalThis as { __marks?: [string, number][] };
  const marks = (g.__marks ??= []);
  if (marks.length >= MAX_MARKS) marks.shift();
  marks.push([detail === undefined ? name : `${name} ${detail.slice(0, 12)}`, performance.timeOrigin + performance.now()]);
}

// The first module the background evaluates: script start → 'worker start' is our bundle's own
// top-level code; the worker's timeOrigin → here is Chrome's (cold-start-trace.ts prints both).
mark('script start');
