// The emulator's public types: modes, faults and their knobs, config, log entries, the handle.
// Kept apart from server.ts (which re-exports all of it) so each job's module can import them.

import type { ModelRule } from './model-rules';
export type EmulatorMode = 'ws' | 'era-a' | 'era-b' | 'era-c';
export const EMULATOR_MODES: readonly EmulatorMode[] = ['ws', 'era-a', 'era-b', 'era-c'];

export type Fault =
  | 'none'
  | 'challenge'
  | 'rate-limit'
  | 'inband-error'
  | 'slow-drip'
  | 'stall'
  | 'drop-mid'
  | 'malformed'
  | 'strict-origin'
  | 'restart'
  | 'challenge-persistent'
  | 'partitioned-clearance'
  | 'socket-drop'
  | 'pending'
  | 'recovering'
  | 'error-no-done'
  | 'close-code'
  | 'no-set-config'
  /** Issue #14: units of an unknown future shape mixed into every stream (future-frames.ts); not used up. */
  | 'future-frames'
  | 'capacity'
  | 'model-deprecated'
  | 'model-paid';
export const FAULTS: readonly Fault[] = [
  'none',
  'challenge',
  'rate-limit',
  'inband-error',
  'slow-drip',
  'stall',
  'drop-mid',
  'malformed',
  'strict-origin',
  'restart',
  'challenge-persistent',
  'partitioned-clearance',
  'socket-drop',
  'pending',
  'recovering',
  'error-no-done',
  'close-code',
  'no-set-config',
  'future-frames',
  'capacity',
  'model-deprecated',
  'model-paid',
];


/** Faults and their knobs. Several faults may be active at once. */
export interface FaultConfig {
  /** Active faults (`'none'` is accepted and ignored). */
  active: Fault[];
  /**
   * Per fault: apply it to the next N requests it hits, then drop it from `active`.
   * Absent = forever, except `restart`, which is one-shot unless a count is given.
   * Gate faults (`challenge`, `challenge-persistent`, `partitioned-clearance`, `strict-origin`) count the requests they block; the others count chat
   * requests (POST /api/inference, or a `cf_agent_use_chat_request` frame).
   */
  times: Partial<Record<Fault, number>>;
  /** `slow-drip`: ms between tokens (default 30). */
  dripMs: number;
  /** `stall`: text tokens sent before going silent forever (default 2). */
  stallAfterTokens: number;
  /** `drop-mid`: text tokens sent before the connection is destroyed (default 2). */
  dropAfterTokens: number;
  /** `rate-limit` (HTTP eras): `Retry-After` seconds (default 2). */
  retryAfterSeconds: number;
  /**
   * `rate-limit` (socket): the in-band error text; null = the captured per-minute `3021` text, which
   * FlareChat answers by waiting for the next minute. Tests of the quick backoff set a plain text.
   */
  rateLimitText: string | null;
  /** `restart`: how long the listener stays closed (default 1000 ms). */
  restartMs: number;
  /**
   * `inband-error`: null (default) = the error replaces the answer. N = the upstream fails after N
   * text tokens: Era D sends one frame with `error:true` and `done:true` (capture
   * error-mid-stream-rpc-artefact); HTTP eras leave the body open with no error and no end marker.
   */
  inbandErrorAfterTokens: number | null;
  /**
   * Challenge gates (`challenge`, `challenge-persistent`, `partitioned-clearance`): null (default) =
   * `GET /` clears at once. N = `GET /` first serves the challenge page itself (403, "Just a
   * moment...", `Refresh: 1`, a `cf_chl_pending` cookie) and clears only on a visit at least N ms
   * after that, like Cloudflare's interstitial that reloads the same URL once solved.
   */
  challengeDelayMs: number | null;
  /**
   * `socket-drop` (Era D): the client's socket is terminated (1006) after every `dropEveryTokens` text
   * tokens while the answer keeps streaming into the instance's resumable buffer (the agents server
   * keeps generating when a socket drops). `times` counts drops, not requests. Default 50.
   */
  dropEveryTokens: number;
  /** `pending` (Era D): how long a chat waits after `cf_agent_stream_pending` before streaming (default 1500). */
  pendingMs: number;
  /** `close-code` (Era D): the close code sent after `dropAfterTokens` tokens (default 4001). */
  closeCode: number;
}

export interface EmulatorConfig {
  mode: EmulatorMode;
  faults: FaultConfig;
  /** ms between streamed tokens (default 8; 0 = as fast as possible). */
  tokenDelayMs: number;
  /** null = the default echo answer; N = an N-token markdown answer for every chat. */
  answerTokens: number | null;
  /** Emit reasoning chunks for every answer (Eras B–D). */
  reasoning: boolean;
  /**
   * `challenge`: true once GET / has issued a clearance cookie. Setting it to false revokes every
   * cookie issued so far (the client has to visit GET / again).
   */
  challengeCleared: boolean;
  /** Print every log entry to stderr. */
  verbose: boolean;
  /** Era D: put the server's assistant message id on the `start` chunk (`messageId`), as 2026 servers do. */
  startMessageId: boolean;
  /** Era D, issue #17: per-model failures (model-rules.ts), e.g. `{ '@cf/zai-org/glm-5.2': { fail: 'model-deprecated', afterTurns: 2 } }`. */
  modelRules: Record<string, ModelRule>;
  /**
   * One-way network delay in ms on every byte, each direction (upgrade, frames, HTTP): 40 = 80 ms
   * round trip (latency.ts). Needs an emulator started with `latencyMs` (the delaying line).
   */
  latencyMs: number;
  /** Per-model speed and rate limit (issue #15, tests/emulator/model-knobs.ts). */
  perModel?: Record<string, import('./model-knobs').ModelKnobs>;
  /** A per-minute chat budget: chats beyond it in the last 60 s are rate-limited (model-knobs.ts). */
  rateLimitPerMinute?: number | null;
}

/** `configure()` patch: shallow merge, except `faults` (merged one level deeper, `times` too). */
export type ConfigPatch = Omit<Partial<EmulatorConfig>, 'faults'> & { faults?: Partial<FaultConfig> };

export type LogKind = 'http' | 'upgrade' | 'ws-in' | 'ws-out' | 'ws-close';

/** One message the fake model received (system first when there is one). */
export interface ModelTurn {
  role: string;
  text: string;
}

/** What the fake model received for one chat request (kept beside the log; `clearLog()` clears both). */
export interface ModelInput {
  /** ms since the emulator started. */
  t: number;
  /** Era D instance name. */
  instance?: string;
  /** Era D chat request id. */
  requestId?: string;
  prompt: ModelTurn[];
}

export interface LogEntry {
  /** ms since the emulator started. */
  t: number;
  kind: LogKind;
  method?: string;
  /** Request path with query string (for ws-* entries: the socket's upgrade path). */
  path: string;
  /** Request headers, lowercased, Cookie included ({} on ws-* entries). */
  headers: Record<string, string>;
  /** Request body: parsed JSON when it is JSON, else the text. For a chat frame: its parsed `init.body`. */
  body?: unknown;
  /** ws-in / ws-out: the frame, parsed when JSON; `"<binary N bytes>"` for binary frames. */
  frame?: unknown;
  /** HTTP status sent (101 for an accepted upgrade); absent when the connection was dropped. */
  status?: number;
  /** Era D instance name. */
  instance?: string;
  /** Era D chat request id / rpc id. */
  requestId?: string;
  /** The fault that shaped this answer, when one did. */
  fault?: Fault;
  /** ws-close: close code and reason. */
  code?: number;
  reason?: string;
}

export interface EmulatorOptions {
  port?: number /* 0 = random */;
  host?: string /* default 127.0.0.1 */;
  mode?: EmulatorMode;
  faults?: Partial<FaultConfig>;
  tokenDelayMs?: number /* default 8 */;
  answerTokens?: number | null;
  reasoning?: boolean;
  verbose?: boolean;
  /** Accept connections through the latency line (latency.ts) with this one-way delay; the config knob changes it later. */
  latencyMs?: number;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:8787` */
  origin: string;
  port: number;
  log: LogEntry[];
  configure(patch: ConfigPatch): void;
  config: EmulatorConfig;
  clearLog(): void;
  /** What the fake model received, one entry per chat request, oldest first. */
  modelInputs(): ModelInput[];
  /** An agents instance's stored transcript (the server's copy), [] when there is none. */
  transcript(name: string): unknown[];
  /** Resolves with the first entry (already logged or future) matching `pred`; rejects after timeoutMs (default 5000). */
  waitFor(pred: (e: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  /** Subscribe to new log entries; returns an unsubscribe function. */
  onLog(listener: (e: LogEntry) => void): () => void;
  /** Close every socket and refuse connections for `ms` (default faults.restartMs), then listen again. */
  restart(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export function defaultConfig(): EmulatorConfig {
  return {
    mode: 'ws',
    faults: {
      active: [],
      times: {},
      dripMs: 30,
      stallAfterTokens: 2,
      dropAfterTokens: 2,
      retryAfterSeconds: 2,
      rateLimitText: null,
      restartMs: 1000,
      inbandErrorAfterTokens: null,
      challengeDelayMs: null,
      dropEveryTokens: 50,
      pendingMs: 1500,
      closeCode: 4001,
    },
    tokenDelayMs: 8,
    answerTokens: null,
    reasoning: false,
    challengeCleared: false,
    verbose: false,
    startMessageId: false,
    modelRules: {},
    latencyMs: 0,
  };
}
