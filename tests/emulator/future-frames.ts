// The `future-frames` mode (issue #14): units of an unknown, future protocol shape, mixed in with
// the known ones, so tests can check that the canary records them and the answer survives.
// Each era's units are chosen so a correct parser ignores them and the body is still sniffed as
// its era when they follow `encoder.begin()` (Era A units carry no `type`, Era B uses unused
// line codes, Eras C/D use chunk and frame types no library has sent yet).
// Every unit carries FUTURE_TEXT where a future protocol might put model output: it must never
// reach storage or a bug report.
//
// Hooked in stream.ts (runStream's `future`, next to the malformed junk; http-eras.ts and
// agents-chat.ts pass it while the fault is active) and agents-socket.ts (the opening frame).
import type { Unit } from './encoders';

export const FUTURE_TEXT = 'FUTURE-TEXT do not store this';
export type FutureEra = 'ws' | 'era-a' | 'era-b' | 'era-c';

const j = (v: unknown): string => JSON.stringify(v);
const sse = (v: unknown): string => `data: ${j(v)}\n\n`;
const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length];

/** Sent once on socket open, after the known opening frames: a frame type from the future. */
export const FUTURE_OPENING_FRAME = j({ type: 'cf_agent_capabilities', version: 3, features: ['stream-v2', 'telemetry'], note: FUTURE_TEXT });

/** The k-th future unit for this era (cycling through the kinds). */
export function futureUnits(era: FutureEra, requestId: string, k: number): Unit[] {
  switch (era) {
    case 'ws': {
      const chat = (body: unknown, extra: Record<string, unknown> = {}) => j({ body: j(body), done: false, id: requestId, type: 'cf_agent_use_chat_response', ...extra });
      return [
        pick(
          [
            // an unknown frame type
            j({ type: 'cf_agent_stream_progress', id: requestId, progress: { tokens: k, text: FUTURE_TEXT } }),
            // an unknown chunk type inside our own chat frame
            chat({ type: 'text-delta-v2', id: 'tx', delta: { value: FUTURE_TEXT, lang: 'en' } }),
            // a server-initiated rpc (a call, not a reply)
            j({ type: 'rpc', method: 'notifyClient', args: [{ message: FUTURE_TEXT }], id: `srv-${k}` }),
            // a known chunk in a frame with fields no server sent before
            chat({ type: 'message-annotations-v2', annotations: [{ text: FUTURE_TEXT }] }, { priority: 2, trace: { span: 'abc' } }),
          ],
          k,
        ),
      ];
    }
    case 'era-a':
      return [pick([sse({ meta: { trace: `t${k}`, text: FUTURE_TEXT } }), sse({ response_v2: { delta: FUTURE_TEXT } })], k)];
    case 'era-b':
      return [pick([`m:${j({ note: FUTURE_TEXT })}\n`, `z:${j(FUTURE_TEXT)}\n`], k)];
    case 'era-c':
      return [pick([sse({ type: 'reasoning-summary', id: 'r9', summary: FUTURE_TEXT }), sse({ type: 'text-delta-v2', id: 'tx', delta: { value: FUTURE_TEXT } })], k)];
  }
}
