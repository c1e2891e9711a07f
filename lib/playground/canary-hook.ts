// Where the parsers report what they do not recognise (issue #14). A hook, not a direct call to
// canary.ts: parsers stay free of storage (the bench and parser tests run them outside the
// extension), and the background installs the real recorder at start-up (`setCanarySink`).
// Parsers call `noteUnknown` only on their unknown paths, so known frames pay nothing.
import type { CanaryKind } from '@/lib/protocol/doctor';

type Sink = (kind: CanaryKind, sample: unknown) => unknown;

let sink: Sink | undefined;

export function setCanarySink(next: Sink | undefined): void {
  sink = next;
}

/** Never throws, never blocks: the canary is best effort. */
export function noteUnknown(kind: CanaryKind, sample: unknown): void {
  if (!sink) return;
  try {
    void Promise.resolve(sink(kind, sample)).catch(() => {});
  } catch {
    // A broken recorder must not break a stream.
  }
}
