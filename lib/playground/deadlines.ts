// The three clocks of a streaming request (first byte, silence, total). Each calls `onTimeout`
// with a human reason once; `stop()` clears them all. Timers live only as long as the request.
import { FIRST_BYTE_TIMEOUT_MS, SILENCE_TIMEOUT_MS, TOTAL_TIMEOUT_MS } from './limits';

export interface DeadlineLimits {
  firstByteMs: number;
  silenceMs: number;
  totalMs: number;
  /** The longer wait after `cf_agent_stream_pending` (default PENDING_WAIT_MS). */
  pendingMs?: number;
}

export const DEFAULT_DEADLINES: DeadlineLimits = {
  firstByteMs: FIRST_BYTE_TIMEOUT_MS,
  silenceMs: SILENCE_TIMEOUT_MS,
  totalMs: TOTAL_TIMEOUT_MS,
};

export interface Deadlines {
  /** Bytes arrived: switches from the first-byte clock to the silence clock and restarts it. */
  activity(): void;
  /** The server said "accepted, not streaming yet": wait up to `ms` for the next frame (once). */
  extend(ms: number): void;
  stop(): void;
}

export function startDeadlines(limits: DeadlineLimits, onTimeout: (message: string) => void): Deadlines {
  let fired = false;
  let sawBytes = false;
  const fire = (message: string) => {
    if (fired) return;
    fired = true;
    stop();
    onTimeout(message);
  };
  const total = setTimeout(
    () => fire(`The answer took longer than ${Math.round(limits.totalMs / 1000)} s and was cut off.`),
    limits.totalMs,
  );
  let idle = setTimeout(
    () => fire(`The playground did not start answering within ${Math.round(limits.firstByteMs / 1000)} s.`),
    limits.firstByteMs,
  );
  function stop() {
    clearTimeout(total);
    clearTimeout(idle);
  }
  return {
    activity() {
      if (fired) return;
      sawBytes = true;
      clearTimeout(idle);
      idle = setTimeout(
        () => fire(`The playground went silent for ${Math.round(limits.silenceMs / 1000)} s in the middle of the answer.`),
        sawBytes ? limits.silenceMs : limits.firstByteMs,
      );
    },
    extend(ms) {
      if (fired) return;
      clearTimeout(idle);
      idle = setTimeout(
        () => fire(`The playground accepted the request but did not start answering within ${Math.round(ms / 1000)} s.`),
        ms,
      );
    },
    stop,
  };
}
