// Per-era wire encoders. Each method returns "units": for HTTP eras a unit is a chunk of the body,
// for Era D (WebSocket) a unit is one frame (string = text frame, Buffer = binary frame).
// Byte shapes follow tests/fixtures/playground/server-captures/* and docs/playground-protocol.md#eras-at-a-glance (one section per era).

import { randomBytes } from 'node:crypto';

export type Unit = string | Buffer;

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface Encoder {
  /** Sent before any content (e.g. Era B `f:`, Era C/D `start` + `start-step`). */
  begin(): Unit[];
  reasoningStart(): Unit[];
  reasoningDelta(token: string): Unit[];
  reasoningEnd(): Unit[];
  textStart(): Unit[];
  textDelta(token: string): Unit[];
  /** text-end … end marker. */
  finish(usage: Usage): Unit[];
  /** A whole in-band error answer (replaces begin…finish). */
  error(message: string): Unit[];
  /**
   * An upstream failure after some tokens: the units to send, and whether the answer then ends
   * (Era D: one frame with error and done together) or the body is left open with no end marker
   * (Eras A–C, as the server captures `era-b/c-inference-error-mid.http` show).
   */
  midError(message: string): { units: Unit[]; end: boolean };
  /** The n-th malformed unit (for the `malformed` fault); a correct client skips it. */
  garbage(n: number): Unit[];
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomId(len: number): string {
  const bytes = randomBytes(len);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

const j = (v: unknown): string => JSON.stringify(v);
const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length];

// ---------------------------------------------------------------- Era A: Workers AI SSE
const PAD = 'abdefghijklmnopqrstuvwxyz0123456789abdefghijklmnopqrstu';
export function eraAEncoder(): Encoder {
  let n = 0;
  const sse = (v: unknown): string => `data: ${j(v)}\n\n`;
  return {
    begin: () => [],
    reasoningStart: () => [],
    reasoningDelta: () => [],
    reasoningEnd: () => [],
    textStart: () => [],
    textDelta: (token) => {
      n++;
      // `p` is random-length padding on some chunks (ignored by clients); deterministic here.
      return [sse(n % 2 === 1 ? { response: token, p: PAD.slice(0, (n * 7) % PAD.length) } : { response: token })];
    },
    finish: (u) => [
      sse({ response: '', usage: { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.promptTokens + u.completionTokens } }),
      'data: [DONE]\n\n',
    ],
    // No real Era A error shape is known: this one is invented (an `error` field, then [DONE]).
    error: (message) => [sse({ error: message }), 'data: [DONE]\n\n'],
    midError: () => ({ units: [], end: false }),
    garbage: (k) =>
      pick<Unit[]>(
        [
          ['data: {"response":"trunc\n\n'],
          [sse({ tool_calls: [], p: 'abdefgh' })],
          [': keep-alive\n\n'],
          [Buffer.concat([Buffer.from('data: '), Buffer.from([0xff, 0xfe, 0x00, 0x01]), Buffer.from('\n\n')])],
          ['event: ping\ndata: {"ping":true}\n\n'],
        ],
        k,
      ),
  };
}

// ---------------------------------------------------------------- Era B: AI SDK v4 data stream
export function eraBEncoder(): Encoder {
  return {
    begin: () => [`f:${j({ messageId: `msg-${randomId(24)}` })}\n`],
    reasoningStart: () => [],
    reasoningDelta: (t) => [`g:${j(t)}\n`],
    reasoningEnd: () => [],
    textStart: () => [],
    textDelta: (t) => [`0:${j(t)}\n`],
    finish: (u) => [
      `e:${j({ finishReason: 'stop', usage: { promptTokens: u.promptTokens, completionTokens: u.completionTokens }, isContinued: false })}\n`,
      `d:${j({ finishReason: 'stop', usage: { promptTokens: u.promptTokens, completionTokens: u.completionTokens } })}\n`,
    ],
    error: (message) => [`3:${j(message)}\n`],
    midError: () => ({ units: [], end: false }),
    garbage: (k) =>
      pick<Unit[]>(
        [
          ['0:"trunc\n'],
          ['2:[{"note":"data part"}]\n'],
          ['x:"unknown code"\n'],
          [Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x67, 0x0a])],
          ['8:[{"annotation":1}]\n'],
        ],
        k,
      ),
  };
}

// ---------------------------------------------------------------- Era C: AI SDK v5 UI message SSE
export function eraCEncoder(): Encoder {
  const textId = randomId(16);
  const reasoningId = randomId(16);
  const sse = (v: unknown): string => `data: ${j(v)}\n\n`;
  return {
    begin: () => [sse({ type: 'start' }), sse({ type: 'start-step' })],
    reasoningStart: () => [sse({ type: 'reasoning-start', id: reasoningId })],
    reasoningDelta: (t) => [sse({ type: 'reasoning-delta', id: reasoningId, delta: t })],
    reasoningEnd: () => [sse({ type: 'reasoning-end', id: reasoningId })],
    textStart: () => [sse({ type: 'text-start', id: textId })],
    textDelta: (t) => [sse({ type: 'text-delta', id: textId, delta: t })],
    finish: () => [sse({ type: 'text-end', id: textId }), sse({ type: 'finish-step' }), sse({ type: 'finish' }), 'data: [DONE]\n\n'],
    error: (message) => [sse({ type: 'start' }), sse({ type: 'error', errorText: message }), 'data: [DONE]\n\n'],
    midError: () => ({ units: [], end: false }),
    garbage: (k) =>
      pick<Unit[]>(
        [
          ['data: {"type":"text-delta","id":"zz","del\n\n'],
          [sse({ type: 'data-emulator', data: { n: k } })],
          ['data: not json at all\n\n'],
          [Buffer.concat([Buffer.from('data: '), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('\n\n')])],
          [': comment\n\n'],
        ],
        k,
      ),
  };
}

// ---------------------------------------------------------------- Era D: cf_agent_use_chat_response frames
export function chatFrame(id: string, body: string, done: boolean): string {
  return j({ body, done, id, type: 'cf_agent_use_chat_response' });
}
export function chatErrorFrame(id: string, message: string): string {
  return j({ error: true, body: message, done: false, id, type: 'cf_agent_use_chat_response' });
}

export function eraDEncoder(requestId: string): Encoder {
  const textId = randomId(16);
  const reasoningId = randomId(16);
  const chunk = (v: unknown): string => chatFrame(requestId, j(v), false);
  const done = (): string => chatFrame(requestId, '', true);
  return {
    begin: () => [chunk({ type: 'start' }), chunk({ type: 'start-step' })],
    reasoningStart: () => [chunk({ type: 'reasoning-start', id: reasoningId })],
    reasoningDelta: (t) => [chunk({ type: 'reasoning-delta', id: reasoningId, delta: t })],
    reasoningEnd: () => [chunk({ type: 'reasoning-end', id: reasoningId })],
    textStart: () => [chunk({ type: 'text-start', id: textId })],
    textDelta: (t) => [chunk({ type: 'text-delta', id: textId, delta: t })],
    finish: () => [
      chunk({ type: 'text-end', id: textId }),
      chunk({ type: 'finish-step' }),
      chunk({ type: 'finish', messageMetadata: { finishReason: 'stop' } }),
      done(),
    ],
    error: (message) => [chunk({ type: 'start' }), chatErrorFrame(requestId, message), done()],
    midError: (message) => ({ units: [j({ body: message, done: true, error: true, id: requestId, type: 'cf_agent_use_chat_response' })], end: true }),
    garbage: (k) =>
      pick<Unit[]>(
        [
          [chatFrame('someone-else', j({ type: 'text-delta', id: 'x', delta: 'WRONG' }), false)],
          [Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02])],
          [j({ done: true, id: 'rpc-stray', result: [], success: true, type: 'rpc' })],
          [chatFrame(requestId, '{"type":"text-del', false)],
          ['{"body":"","done":tr'],
          [chatFrame('someone-else', '', true)],
          [j({ type: 'cf_agent_chat_messages', messages: [] })],
          [chunk({ type: 'data-emulator', data: { n: k } })],
        ],
        k,
      ),
  };
}
