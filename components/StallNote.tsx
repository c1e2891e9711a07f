// "Waiting for the playground… 12 s" while an answer is queued, or streaming but silent (issue #12):
// the user sees that FlareChat is still waiting, and for how long, instead of a frozen cursor.
import type { Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';

/** Silence (ms) after which a streaming answer counts as stalled and the note appears. */
export const STALL_AFTER_MS = 4000;

export function StallNote({ text, queued }: { text: Signal<string>; queued: boolean }) {
  const current = text.value; // subscribes: every delta restarts the clock
  const since = useRef({ text: current, at: Date.now() });
  if (since.current.text !== current) since.current = { text: current, at: Date.now() };
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const silent = Math.max(0, now - since.current.at);
  if (!queued && silent < STALL_AFTER_MS) return null;
  const seconds = Math.floor(silent / 1000);
  return (
    <p class="queued-note" data-testid="stall-note" data-elapsed={seconds} aria-live="polite">
      {queued && seconds < 2 ? t('statusQueued') : t('statusWaitingElapsed', String(seconds))}
    </p>
  );
}
