// Local emulator of the Cloudflare Workers AI Playground (https://playground.ai.cloudflare.com).
// See tests/emulator/README.md for modes, faults, directives and the control API, and
// /work/shared/docs/playground-protocol.md (§12: how the published server code behaves).
//
// One Node HTTP server carries everything: the playground routes of the selected era, the Era D
// WebSocket (`/agents/playground/<name>?_pk=<uuid>`), and the control API under `/__emulator/*`.
// GET `/` answers a small HTML page with 200 in every mode (the real Era D site would serve its SPA
// there; the worker itself answers 404): it is the "visit the site" page that clears the challenge.

import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { buildAnswer } from './answer';
import { eraAEncoder, eraBEncoder, eraCEncoder, eraDEncoder, randomId, type Encoder, type Unit } from './encoders';
import { MODEL_ROWS, REASONING_MODELS, apiModelRows, isChatModel } from './models';

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
  | 'partitioned-clearance';
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
}

/** `configure()` patch: shallow merge, except `faults` (merged one level deeper, `times` too). */
export type ConfigPatch = Omit<Partial<EmulatorConfig>, 'faults'> & { faults?: Partial<FaultConfig> };

export type LogKind = 'http' | 'upgrade' | 'ws-in' | 'ws-out' | 'ws-close';

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
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:8787` */
  origin: string;
  port: number;
  log: LogEntry[];
  configure(patch: ConfigPatch): void;
  config: EmulatorConfig;
  clearLog(): void;
  /** Resolves with the first entry (already logged or future) matching `pred`; rejects after timeoutMs (default 5000). */
  waitFor(pred: (e: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  /** Subscribe to new log entries; returns an unsubscribe function. */
  onLog(listener: (e: LogEntry) => void): () => void;
  /** Close every socket and refuse connections for `ms` (default faults.restartMs), then listen again. */
  restart(ms?: number): Promise<void>;
  close(): Promise<void>;
}

// ------------------------------------------------------------------------------------------------

const FIXTURES = new URL('../fixtures/playground/', import.meta.url);
const CHALLENGE_HTML = readFileSync(new URL('error-403.html', FIXTURES));
/** Era C 500 body for messages without `parts` (server-captures/era-c-inference-content-only.http). */
const ERA_C_PARTS_ERROR = ((): string => {
  const raw = readFileSync(new URL('server-captures/era-c-inference-content-only.http', FIXTURES), 'utf8');
  const i = raw.indexOf('\r\n\r\n');
  return i >= 0 ? raw.slice(i + 4) : "TypeError: Cannot read properties of undefined (reading 'filter')";
})();

const HOME_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Workers AI Playground (emulator)</title></head>' +
  '<body><h1>Workers AI Playground (emulator)</h1><p>Local emulator for FlareChat tests.</p></body></html>';

const DEFAULT_SYSTEM = 'You are a helpful assistant that can do various tasks using MCP tools.';
const DEFAULT_STATE: Readonly<Record<string, unknown>> = {
  model: '@cf/moonshotai/kimi-k2.6',
  temperature: 1,
  stream: true,
  system: DEFAULT_SYSTEM,
  useExternalProvider: false,
  externalProvider: 'openai',
  authMethod: 'provider-key',
};
const RATE_LIMIT_TEXT = '3021: rate limiting: inference request per min rate reached';
const HTTP_ERROR_TEXT = 'Error during inference';
const WS_ERROR_TEXT = 'An error occurred.';
const MID_ERROR_TEXT = 'ReadableStream received over RPC disconnected prematurely.';
const TEXT_PLAIN = 'text/plain;charset=UTF-8';
const CLEARANCE_COOKIE = 'cf_clearance';
const CLEARANCE_COOKIE_LAX = 'cf_clearance_lax';
/** `partitioned-clearance`: the only cookie that clears it, set `Partitioned` (CHIPS). */
const CLEARANCE_COOKIE_PARTITIONED = 'cf_clearance_p';
/** `challengeDelayMs`: when the visitor first saw the challenge page (ms since the epoch). */
const CHALLENGE_PENDING_COOKIE = 'cf_chl_pending';

export function defaultConfig(): EmulatorConfig {
  return {
    mode: 'ws',
    faults: { active: [], times: {}, dripMs: 30, stallAfterTokens: 2, dropAfterTokens: 2, retryAfterSeconds: 2, restartMs: 1000, inbandErrorAfterTokens: null, challengeDelayMs: null },
    tokenDelayMs: 8,
    answerTokens: null,
    reasoning: false,
    challengeCleared: false,
    verbose: false,
  };
}

interface UIMessage {
  id?: string;
  role?: string;
  content?: unknown;
  parts?: unknown;
  [k: string]: unknown;
}

interface Instance {
  state: Record<string, unknown>;
  messages: UIMessage[];
  clients: Set<WebSocket>;
}

interface StreamSink {
  write(unit: Unit): void;
  alive(): boolean;
  /** Destroy the connection with no end marker. */
  drop(): void;
  end(): void;
}

interface StreamPlan {
  encoder: Encoder;
  sink: StreamSink;
  answer: { reasoning: string[]; text: string[] };
  promptTokens: number;
  faults: Set<Fault>;
  /** Fail upstream after this many text tokens (inband-error with inbandErrorAfterTokens). */
  errorAfter?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

/** Text of a UI / chat message: `content` string (Era A/B) or the text parts. */
function messageText(m: UIMessage, prefer: 'content' | 'parts'): string {
  const fromParts = (): string | undefined =>
    Array.isArray(m.parts)
      ? m.parts
          .filter((p): p is { type: string; text: string } => isRecord(p) && p.type === 'text' && typeof p.text === 'string')
          .map((p) => p.text)
          .join('')
      : undefined;
  const fromContent = (): string | undefined => (typeof m.content === 'string' ? m.content : undefined);
  return (prefer === 'content' ? (fromContent() ?? fromParts()) : (fromParts() ?? fromContent())) ?? '';
}

function lastUserText(messages: UIMessage[], prefer: 'content' | 'parts'): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messageText(messages[i], prefer);
  return '';
}

function promptTokenEstimate(messages: UIMessage[], prefer: 'content' | 'parts', system: string): number {
  const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
  return 10 + words(system) + messages.reduce((n, m) => n + words(messageText(m, prefer)), 0);
}

function statusText(status: number): string {
  return http.STATUS_CODES[status] ?? '';
}

class EmulatorServer implements Emulator {
  origin = '';
  port = 0;
  log: LogEntry[] = [];
  config: EmulatorConfig;

  private readonly host: string;
  private readonly started = performance.now();
  private readonly events = new EventEmitter();
  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<Socket>();
  private readonly instances = new Map<string, Instance>();
  /** Pending sleeps: close() resolves them all (streams then see a dead sink and stop). */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private clearanceToken = randomId(32);
  private restarting: Promise<void> | null = null;
  private closed = false;

  constructor(opts: EmulatorOptions) {
    this.host = opts.host ?? '127.0.0.1';
    const base = defaultConfig();
    this.config = base;
    this.configure({
      mode: opts.mode ?? base.mode,
      faults: opts.faults ?? {},
      tokenDelayMs: opts.tokenDelayMs ?? base.tokenDelayMs,
      answerTokens: opts.answerTokens ?? null,
      reasoning: opts.reasoning ?? false,
      verbose: opts.verbose ?? false,
    });
    this.events.setMaxListeners(0);
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.server.once('error', onError);
      this.server.listen(port, this.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    const originHost = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host.includes(':') ? `[${this.host}]` : this.host;
    this.origin = `http://${originHost}:${this.port}`;
  }

  // ---------------------------------------------------------------------------------------------- config & log

  configure(patch: ConfigPatch): void {
    const { faults, ...rest } = patch;
    if (rest.mode !== undefined && !EMULATOR_MODES.includes(rest.mode)) throw new Error(`unknown mode ${String(rest.mode)}`);
    if (rest.challengeCleared === false) this.clearanceToken = randomId(32);
    Object.assign(this.config, rest);
    if (faults) {
      const { times, active, ...knobs } = faults;
      if (active) {
        for (const f of active) if (!FAULTS.includes(f)) throw new Error(`unknown fault ${String(f)}`);
        this.config.faults.active = [...new Set(active.filter((f) => f !== 'none'))];
      }
      if (times) this.config.faults.times = { ...this.config.faults.times, ...times };
      Object.assign(this.config.faults, knobs);
    }
  }

  clearLog(): void {
    this.log.length = 0;
  }

  onLog(listener: (e: LogEntry) => void): () => void {
    this.events.on('log', listener);
    return () => this.events.off('log', listener);
  }

  waitFor(pred: (e: LogEntry) => boolean, timeoutMs = 5000): Promise<LogEntry> {
    const found = this.log.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise<LogEntry>((resolve, reject) => {
      const off = this.onLog((e) => {
        if (!pred(e)) return;
        clearTimeout(timer);
        off();
        resolve(e);
      });
      const timer = setTimeout(() => {
        off();
        reject(new Error(`emulator.waitFor: no matching log entry within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  private record(entry: Omit<LogEntry, 't'>): LogEntry {
    const e: LogEntry = { t: Math.round(performance.now() - this.started), ...entry };
    this.log.push(e);
    if (this.config.verbose) process.stderr.write(`[emulator] ${formatLogEntry(e)}\n`);
    this.events.emit('log', e);
    return e;
  }

  // ---------------------------------------------------------------------------------------------- faults

  private isActive(f: Fault): boolean {
    return this.config.faults.active.includes(f);
  }

  /** If `f` is active, count one use (dropping it when its `times` run out) and return true. */
  private take(f: Fault): boolean {
    const fc = this.config.faults;
    if (!fc.active.includes(f)) return false;
    const left = fc.times[f];
    if (left === undefined ? f === 'restart' : left <= 1) {
      fc.active = fc.active.filter((x) => x !== f);
      delete fc.times[f];
    } else if (left !== undefined) fc.times[f] = left - 1;
    return true;
  }

  /** Stream-shaping faults for one chat request (each counts one use). */
  private takeStreamFaults(): Set<Fault> {
    const out = new Set<Fault>();
    for (const f of ['slow-drip', 'stall', 'drop-mid', 'malformed'] as const) if (this.take(f)) out.add(f);
    return out;
  }

  /** Edge gates shared by HTTP requests and upgrades: strict-origin, then challenge. */
  private gate(req: http.IncomingMessage, skipChallenge = false): { status: number; headers: Record<string, string>; body: Buffer; fault: Fault } | null {
    const origin = req.headers.origin;
    if (this.isActive('strict-origin') && origin !== undefined && origin !== this.origin) {
      this.take('strict-origin');
      return { status: 403, headers: { 'content-type': TEXT_PLAIN }, body: Buffer.from('Forbidden origin'), fault: 'strict-origin' };
    }
    const challenged = skipChallenge ? undefined : this.challengeFault(req);
    if (challenged) {
      this.take(challenged);
      return { status: 403, headers: this.challengeHeaders(), body: CHALLENGE_HTML, fault: challenged };
    }
    return null;
  }

  private challengeHeaders(): Record<string, string> {
    return {
      'content-type': 'text/html; charset=UTF-8',
      'cf-mitigated': 'challenge',
      server: 'cloudflare',
      'cf-ray': `${randomId(16).toLowerCase()}-EMU`,
      'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
      expires: 'Thu, 01 Jan 1970 00:00:01 GMT',
    };
  }

  /**
   * Which challenge gate blocks this request, if any:
   * - `challenge-persistent`: every request, whatever cookies it carries (a check that never clears);
   * - `partitioned-clearance`: requests without the Partitioned clearance cookie (only the playground
   *   tab's own requests carry it: extension contexts are another cookie partition);
   * - `challenge`: requests without either unpartitioned clearance cookie.
   */
  private challengeFault(req: http.IncomingMessage): Fault | undefined {
    if (this.isActive('challenge-persistent')) return 'challenge-persistent';
    if (this.isActive('partitioned-clearance') && !this.hasPartitionedClearance(req)) return 'partitioned-clearance';
    if (this.isActive('challenge') && !this.hasClearance(req)) return 'challenge';
    return undefined;
  }

  private hasPartitionedClearance(req: http.IncomingMessage): boolean {
    return this.config.challengeCleared && parseCookies(req.headers.cookie).get(CLEARANCE_COOKIE_PARTITIONED) === this.clearanceToken;
  }

  /** Either clearance cookie (SameSite=None; Secure, or the SameSite=Lax twin) with the current token. */
  private hasClearance(req: http.IncomingMessage): boolean {
    if (!this.config.challengeCleared) return false;
    const c = parseCookies(req.headers.cookie);
    return c.get(CLEARANCE_COOKIE) === this.clearanceToken || c.get(CLEARANCE_COOKIE_LAX) === this.clearanceToken;
  }

  // ---------------------------------------------------------------------------------------------- timers

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0) {
        setImmediate(resolve);
        return;
      }
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  // ---------------------------------------------------------------------------------------------- restart / close

  restart(ms?: number): Promise<void> {
    if (this.restarting) return this.restarting;
    const wait = ms ?? this.config.faults.restartMs;
    this.restarting = (async () => {
      this.server.close();
      this.killConnections();
      await this.sleep(wait);
      // Another process may take the port in the gap (a shared e2e port): keep trying for a while.
      for (let tries = 0; !this.closed; tries++) {
        try {
          await this.listen(this.port);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries >= 100) throw error;
          await this.sleep(100);
        }
      }
    })().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private killConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.killConnections();
    this.wss.close();
    await done;
  }

  // ---------------------------------------------------------------------------------------------- HTTP

  private async readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.sendDate = false;
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = req.method ?? 'GET';
    let raw = '';
    try {
      raw = await this.readBody(req);
    } catch {
      return;
    }
    if (url.pathname.startsWith('/__emulator/')) {
      this.control(method, url.pathname, raw, res);
      return;
    }
    const parsed = raw === '' ? undefined : (parseJson(raw) ?? raw);
    const base = { kind: 'http' as const, method, path: req.url ?? '/', headers: flatHeaders(req.headers), ...(parsed !== undefined ? { body: parsed } : {}) };
    const send = (status: number, headers: Record<string, string | number>, body?: string | Buffer, fault?: Fault): void => {
      this.record({ ...base, status, ...(fault ? { fault } : {}) });
      res.writeHead(status, statusText(status), { ...headers, 'content-length': body === undefined ? 0 : Buffer.byteLength(body) });
      res.end(body);
    };
    const notFound = (): void => send(404, { 'content-type': TEXT_PLAIN }, 'Not found');

    const isHome = url.pathname === '/' && (method === 'GET' || method === 'HEAD');
    const blocked = this.gate(req, isHome);
    if (blocked) {
      send(blocked.status, blocked.headers, blocked.body, blocked.fault);
      return;
    }

    // GET / — the "visit the site" page, 200 in every mode (see the file header). Exempt from challenge.
    if (isHome) {
      const headers: Record<string, string | number> = { 'content-type': 'text/html; charset=UTF-8' };
      const gated = this.isActive('challenge') || this.isActive('challenge-persistent') || this.isActive('partitioned-clearance');
      const delay = this.config.faults.challengeDelayMs;
      if (gated && delay !== null) {
        const pending = Number(parseCookies(req.headers.cookie).get(CHALLENGE_PENDING_COOKIE));
        if (!Number.isFinite(pending) || pending <= 0 || Date.now() - pending < delay) {
          const since = Number.isFinite(pending) && pending > 0 ? pending : Date.now();
          res.setHeader('set-cookie', `${CHALLENGE_PENDING_COOKIE}=${since}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`);
          const fault = (['challenge-persistent', 'partitioned-clearance', 'challenge'] as const).find((f) => this.isActive(f));
          send(403, { ...this.challengeHeaders(), refresh: '1' }, CHALLENGE_HTML, fault);
          return;
        }
      }
      const cookies: string[] = [];
      if (this.isActive('challenge') || this.isActive('challenge-persistent')) {
        cookies.push(
          `${CLEARANCE_COOKIE}=${this.clearanceToken}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=None`,
          `${CLEARANCE_COOKIE_LAX}=${this.clearanceToken}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`,
        );
      }
      if (this.isActive('partitioned-clearance')) {
        cookies.push(`${CLEARANCE_COOKIE_PARTITIONED}=${this.clearanceToken}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=None; Partitioned`);
      }
      if (cookies.length > 0) {
        this.config.challengeCleared = true;
        res.setHeader('set-cookie', cookies);
      }
      send(200, headers, HOME_PAGE);
      return;
    }

    const mode = this.config.mode;
    if (mode === 'ws') {
      const m = /^\/agents\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
      if (m && m[1] !== 'playground') return send(400, { 'content-type': TEXT_PLAIN }, 'Invalid request');
      if (m && m[3] === '/get-messages' && method === 'GET') {
        const inst = this.instances.get(decodeURIComponent(m[2]));
        return send(200, { 'content-type': 'application/json' }, JSON.stringify(inst?.messages ?? []));
      }
      return notFound();
    }
    if (url.pathname === '/api/models' && method === 'GET' && mode !== 'era-c') {
      return send(200, { 'content-type': 'application/json', 'cache-control': 's-maxage=300' }, JSON.stringify({ models: apiModelRows() }));
    }
    if (url.pathname === '/api/inference' && method === 'POST') {
      this.inference(mode, parsed, base, req, res);
      return;
    }
    notFound();
  }

  private inference(
    mode: 'era-a' | 'era-b' | 'era-c',
    body: unknown,
    base: Omit<LogEntry, 't'>,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): void {
    const send = (status: number, headers: Record<string, string | number>, text?: string, fault?: Fault): void => {
      this.record({ ...base, status, ...(fault ? { fault } : {}) });
      res.writeHead(status, statusText(status), { ...headers, 'content-length': text === undefined ? 0 : Buffer.byteLength(text) });
      res.end(text);
    };
    if (this.take('restart')) {
      this.record({ ...base, fault: 'restart' });
      void this.restart().catch((e: unknown) => process.stderr.write(`[emulator] restart failed: ${String(e)}\n`));
      return;
    }
    if (this.take('rate-limit')) {
      return send(429, { 'content-type': TEXT_PLAIN, 'retry-after': String(this.config.faults.retryAfterSeconds) }, 'Too many requests: rate limited', 'rate-limit');
    }
    if (!isRecord(body)) return send(500, { 'content-type': TEXT_PLAIN }, 'SyntaxError: Unexpected end of JSON input');
    const model = typeof body.model === 'string' ? body.model : '';
    if (!apiModelRows().some((r) => r.name === model)) return send(400, {});
    const messages: UIMessage[] = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
    if (mode === 'era-c' && messages.some((m) => !Array.isArray(m.parts))) return send(500, { 'content-type': TEXT_PLAIN }, ERA_C_PARTS_ERROR);

    const prefer = mode === 'era-c' ? 'parts' : 'content';
    const headers: Record<string, string> =
      mode === 'era-a'
        ? { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
        : mode === 'era-b'
          ? { 'content-type': 'text/x-unknown', 'content-encoding': 'identity', 'x-vercel-ai-data-stream': 'v1' }
          : {
              'content-type': 'text/x-unknown',
              'cache-control': 'no-cache',
              'content-encoding': 'identity',
              'x-accel-buffering': 'no',
              'x-vercel-ai-ui-message-stream': 'v1',
            };
    const inbandAll = this.take('inband-error');
    const errorAfter = this.config.faults.inbandErrorAfterTokens;
    const inband = inbandAll && errorAfter === null;
    const faults = inband ? new Set<Fault>() : this.takeStreamFaults();
    if (inbandAll && !inband) faults.add('inband-error');
    const firstFault: Fault | undefined = inband ? 'inband-error' : [...faults][0];
    this.record({ ...base, status: 200, ...(firstFault ? { fault: firstFault } : {}) });
    res.writeHead(200, 'OK', { 'transfer-encoding': 'chunked', ...headers });
    res.flushHeaders();
    const encoder = mode === 'era-a' ? eraAEncoder() : mode === 'era-b' ? eraBEncoder() : eraCEncoder();
    let dead = false;
    res.on('close', () => {
      dead = true;
    });
    const sink: StreamSink = {
      write: (u) => {
        if (!dead) res.write(u);
      },
      alive: () => !dead && !this.closed,
      drop: () => {
        // Let what was written reach the client (a fetch body stream that errors drops the chunks it
        // has not handed out yet), then kill the TCP socket: no terminating chunk, no end marker.
        dead = true;
        const sock = req.socket;
        sock.write(Buffer.alloc(0), () => void this.sleep(50).then(() => sock.destroy()));
      },
      end: () => {
        if (!dead) res.end();
      },
    };
    if (inband) {
      for (const u of encoder.error(HTTP_ERROR_TEXT)) sink.write(u);
      sink.end();
      return;
    }
    const system = typeof body.system_message === 'string' ? body.system_message : '';
    const answer = buildAnswer(lastUserText(messages, prefer), {
      answerTokens: this.config.answerTokens,
      reasoning: this.config.reasoning,
      reasoningModel: REASONING_MODELS.has(model),
    });
    if (mode === 'era-a') answer.reasoning = [];
    void this.runStream({
      encoder,
      sink,
      answer,
      promptTokens: promptTokenEstimate(messages, prefer, system),
      faults,
      ...(faults.has('inband-error') && errorAfter !== null ? { errorAfter } : {}),
    });
  }

  /** Streams one answer through an encoder, applying slow-drip / stall / drop-mid / malformed. Resolves true when completed. */
  private async runStream(p: StreamPlan): Promise<boolean> {
    const { encoder, sink, answer, faults } = p;
    const delay = faults.has('slow-drip') ? this.config.faults.dripMs : this.config.tokenDelayMs;
    let garbage = 0;
    const put = (units: Unit[]): void => {
      for (const u of units) sink.write(u);
    };
    const junk = (): void => {
      if (faults.has('malformed')) put(encoder.garbage(garbage++));
    };
    put(encoder.begin());
    junk();
    if (answer.reasoning.length > 0) {
      put(encoder.reasoningStart());
      for (const tok of answer.reasoning) {
        await this.sleep(delay);
        if (!sink.alive()) return false;
        put(encoder.reasoningDelta(tok));
        junk();
      }
      put(encoder.reasoningEnd());
    }
    put(encoder.textStart());
    for (let i = 0; i <= answer.text.length; i++) {
      if (faults.has('drop-mid') && i === this.config.faults.dropAfterTokens) {
        sink.drop();
        return false;
      }
      if (faults.has('stall') && i === this.config.faults.stallAfterTokens) return false; // silent, left open
      if (p.errorAfter !== undefined && i === p.errorAfter) {
        const mid = encoder.midError(MID_ERROR_TEXT);
        put(mid.units);
        if (mid.end) sink.end();
        return false;
      }
      if (i === answer.text.length) break;
      await this.sleep(delay);
      if (!sink.alive()) return false;
      put(encoder.textDelta(answer.text[i]));
      junk();
    }
    if (!sink.alive()) return false;
    put(encoder.finish({ promptTokens: p.promptTokens, completionTokens: answer.text.length + answer.reasoning.length }));
    sink.end();
    return true;
  }

  // ---------------------------------------------------------------------------------------------- control API

  private control(method: string, path: string, raw: string, res: http.ServerResponse): void {
    const json = (status: number, v: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(v === undefined ? undefined : JSON.stringify(v));
    };
    if (path === '/__emulator/log' && method === 'GET') return json(200, this.log);
    if (path === '/__emulator/log' && method === 'DELETE') {
      this.clearLog();
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/__emulator/config' && method === 'GET') return json(200, this.config);
    if (path === '/__emulator/config' && method === 'POST') {
      const patch = parseJson(raw);
      if (!isRecord(patch)) return json(400, { error: 'expected a JSON object' });
      try {
        this.configure(patch);
      } catch (e) {
        return json(400, { error: (e as Error).message });
      }
      return json(200, this.config);
    }
    if (path === '/__emulator/restart' && method === 'POST') {
      const ms = Number(new URLSearchParams(raw).get('ms') ?? (parseJson(raw) as { ms?: number } | undefined)?.ms);
      json(202, { restartMs: Number.isFinite(ms) ? ms : this.config.faults.restartMs });
      res.on('finish', () => void this.restart(Number.isFinite(ms) ? ms : undefined).catch((e: unknown) => process.stderr.write(`[emulator] restart failed: ${String(e)}\n`)));
      return;
    }
    json(404, { error: 'unknown control route' });
  }

  // ---------------------------------------------------------------------------------------------- WebSocket (Era D)

  private rejectUpgrade(socket: Duplex, status: number, headers: Record<string, string>, body: Buffer | string): void {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    const head =
      `HTTP/1.1 ${status} ${statusText(status)}\r\n` +
      Object.entries({ ...headers, 'content-length': String(buf.length), connection: 'close' })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n';
    socket.end(Buffer.concat([Buffer.from(head), buf]));
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const base = { kind: 'upgrade' as const, method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req.headers) };
    socket.on('error', () => undefined);
    const reject = (status: number, headers: Record<string, string>, body: Buffer | string, fault?: Fault): void => {
      this.record({ ...base, status, ...(fault ? { fault } : {}) });
      this.rejectUpgrade(socket, status, headers, body);
    };
    const blocked = this.gate(req);
    if (blocked) return reject(blocked.status, blocked.headers, blocked.body, blocked.fault);
    const m = /^\/agents\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (this.config.mode !== 'ws' || !url.pathname.startsWith('/agents/') || !m) return reject(404, { 'content-type': TEXT_PLAIN }, 'Not found');
    if (m[1] !== 'playground') return reject(400, { 'content-type': TEXT_PLAIN }, 'Invalid request');
    const name = decodeURIComponent(m[2]);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.record({ ...base, status: 101, instance: name });
      this.onSocket(ws, name, req.url ?? '/');
    });
  }

  private instance(name: string): Instance {
    let inst = this.instances.get(name);
    if (!inst) {
      inst = { state: { ...DEFAULT_STATE }, messages: [], clients: new Set() };
      this.instances.set(name, inst);
    }
    return inst;
  }

  private onSocket(ws: WebSocket, name: string, path: string): void {
    const inst = this.instance(name);
    inst.clients.add(ws);
    const streams = new Map<string, { cancelled: boolean }>();
    const sendTo = (target: WebSocket, unit: Unit, requestId?: string, sent?: () => void): void => {
      if (target.readyState !== WebSocket.OPEN) return;
      const frame = typeof unit === 'string' ? (parseJson(unit) ?? unit) : `<binary ${unit.length} bytes>`;
      this.record({ kind: 'ws-out', path, headers: {}, frame, instance: name, ...(requestId ? { requestId } : {}) });
      target.send(unit, { binary: typeof unit !== 'string' }, () => sent?.());
    };
    const send = (unit: Unit, requestId?: string, sent?: () => void): void => sendTo(ws, unit, requestId, sent);
    const broadcast = (v: unknown): void => {
      for (const c of inst.clients) if (c !== ws) sendTo(c, JSON.stringify(v));
    };

    ws.on('error', () => undefined);
    ws.on('close', (code: number, reason: Buffer) => {
      inst.clients.delete(ws);
      for (const s of streams.values()) s.cancelled = true;
      this.record({ kind: 'ws-close', path, headers: {}, instance: name, code, reason: reason.toString('utf8') });
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? undefined : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      const frame = text === undefined ? undefined : parseJson(text);
      const requestId = isRecord(frame) && typeof frame.id === 'string' ? frame.id : undefined;
      let chatBody: unknown;
      if (isRecord(frame) && frame.type === 'cf_agent_use_chat_request' && isRecord(frame.init) && typeof frame.init.body === 'string') {
        chatBody = parseJson(frame.init.body);
      }
      this.record({
        kind: 'ws-in',
        path,
        headers: {},
        frame: frame ?? text ?? '<binary>',
        instance: name,
        ...(requestId ? { requestId } : {}),
        ...(chatBody !== undefined ? { body: chatBody } : {}),
      });
      if (!isRecord(frame)) return;
      switch (frame.type) {
        case 'cf_agent_stream_resume_request':
          send(JSON.stringify({ type: 'cf_agent_stream_resume_none' }));
          return;
        case 'rpc':
          this.rpc(frame, inst, send);
          return;
        case 'cf_agent_state':
          // Replaces the whole state, unvalidated; no reply to the sender, broadcast to the others.
          if (isRecord(frame.state)) {
            inst.state = { ...frame.state };
            broadcast({ state: inst.state, type: 'cf_agent_state' });
          }
          return;
        case 'cf_agent_chat_clear':
          inst.messages = [];
          broadcast({ type: 'cf_agent_chat_clear' });
          return;
        case 'cf_agent_chat_request_cancel': {
          const s = requestId ? streams.get(requestId) : undefined;
          if (s && !s.cancelled && requestId) {
            s.cancelled = true;
            streams.delete(requestId);
            send(JSON.stringify({ body: '', done: true, id: requestId, type: 'cf_agent_use_chat_response' }), requestId);
          }
          return;
        }
        case 'cf_agent_use_chat_request':
          if (requestId) void this.wsChat(ws, inst, requestId, chatBody, streams, send, broadcast);
          return;
        default:
          return;
      }
    });

    send(JSON.stringify({ name, agent: 'playground', type: 'cf_agent_identity' }));
    send(JSON.stringify({ state: inst.state, type: 'cf_agent_state' }));
    send(JSON.stringify({ mcp: { prompts: [], resources: [], servers: {}, tools: [] }, type: 'cf_agent_mcp_servers' }));
  }

  private rpc(frame: Record<string, unknown>, inst: Instance, send: (u: Unit, id?: string) => void): void {
    const id = typeof frame.id === 'string' ? frame.id : '';
    const method = frame.method;
    if (method === 'getModels') {
      send(JSON.stringify({ done: true, id, result: MODEL_ROWS, success: true, type: 'rpc' }), id);
    } else if (method === 'setConfig') {
      // Newer private build [3P]: merge the config into the state; a void result (no `result` key).
      const arg: unknown = Array.isArray(frame.args) ? frame.args[0] : undefined;
      if (isRecord(arg)) inst.state = { ...inst.state, ...arg };
      send(JSON.stringify({ done: true, id, success: true, type: 'rpc' }), id);
    } else {
      send(JSON.stringify({ error: `Method ${String(method)} does not exist`, id, success: false, type: 'rpc' }), id);
    }
  }

  private async wsChat(
    ws: WebSocket,
    inst: Instance,
    requestId: string,
    body: unknown,
    streams: Map<string, { cancelled: boolean }>,
    send: (u: Unit, id?: string, sent?: () => void) => void,
    broadcast: (v: unknown) => void,
  ): Promise<void> {
    const incoming: UIMessage[] = isRecord(body) && Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
    // Merge into the server-side transcript by message id (new ids are appended).
    for (const m of incoming) {
      const i = typeof m.id === 'string' ? inst.messages.findIndex((x) => x.id === m.id) : -1;
      if (i >= 0) inst.messages[i] = m;
      else inst.messages.push(m);
    }
    if (this.take('restart')) {
      void this.restart().catch((e: unknown) => process.stderr.write(`[emulator] restart failed: ${String(e)}\n`));
      return;
    }
    const encoder = eraDEncoder(requestId);
    const control = { cancelled: false };
    streams.set(requestId, control);
    let flushed: Promise<void> = Promise.resolve();
    const sink: StreamSink = {
      write: (u) => {
        if (control.cancelled) return;
        flushed = new Promise((resolve) => send(u, requestId, resolve));
      },
      alive: () => !control.cancelled && ws.readyState === WebSocket.OPEN && !this.closed,
      drop: () => {
        // After the frames already sent are flushed, kill the TCP socket: the client sees 1006.
        control.cancelled = true;
        void flushed.then(() => ws.terminate());
      },
      end: () => {
        streams.delete(requestId);
      },
    };
    const model = typeof inst.state.model === 'string' ? inst.state.model : '';
    const fail = (message: string): void => {
      for (const u of encoder.error(message)) sink.write(u);
      sink.end();
    };
    if (this.take('rate-limit')) return fail(RATE_LIMIT_TEXT);
    if (!isChatModel(model)) return fail(`5007: model not found: No such model ${model} or task`);
    const errorAfter = this.config.faults.inbandErrorAfterTokens;
    const inband = this.take('inband-error');
    if (inband && errorAfter === null) return fail(WS_ERROR_TEXT);

    const answer = buildAnswer(lastUserText(incoming, 'parts'), {
      answerTokens: this.config.answerTokens,
      reasoning: this.config.reasoning,
      reasoningModel: REASONING_MODELS.has(model),
    });
    const system = typeof inst.state.system === 'string' ? inst.state.system : '';
    const faults = this.takeStreamFaults();
    if (inband) faults.add('inband-error');
    const ok = await this.runStream({
      encoder,
      sink,
      answer,
      promptTokens: promptTokenEstimate(incoming, 'parts', system),
      faults,
      ...(inband && errorAfter !== null ? { errorAfter } : {}),
    });
    if (!ok) return;
    const parts: unknown[] = [];
    if (answer.reasoning.length > 0) parts.push({ type: 'reasoning', text: answer.reasoning.join(''), state: 'done' });
    parts.push({ type: 'text', text: answer.text.join(''), state: 'done' });
    inst.messages.push({ id: randomId(16), role: 'assistant', parts });
    broadcast({ messages: inst.messages, type: 'cf_agent_chat_messages' });
  }
}

/** One-line rendering of a log entry (used by the CLI and `verbose`). */
export function formatLogEntry(e: LogEntry): string {
  const t = `${String(e.t).padStart(7)}ms`;
  const fault = e.fault ? ` [${e.fault}]` : '';
  switch (e.kind) {
    case 'http':
    case 'upgrade': {
      const origin = e.headers.origin ? ` origin=${e.headers.origin}` : '';
      const model = isRecord(e.body) && typeof e.body.model === 'string' ? ` model=${e.body.model}` : '';
      return `${t} ${e.kind} ${e.method ?? ''} ${e.path} → ${e.status ?? 'dropped'}${origin}${model}${fault}`;
    }
    case 'ws-in':
    case 'ws-out': {
      const type = isRecord(e.frame) ? (typeof e.frame.type === 'string' ? e.frame.type : '?') : typeof e.frame === 'string' ? e.frame.slice(0, 40) : '?';
      const extra = isRecord(e.frame) && e.frame.type === 'rpc' && typeof e.frame.method === 'string' ? ` ${e.frame.method}` : '';
      return `${t} ${e.kind} ${e.instance ?? ''} ${type}${extra}${e.requestId ? ` id=${e.requestId}` : ''}`;
    }
    case 'ws-close':
      return `${t} ws-close ${e.instance ?? ''} code=${e.code ?? ''} ${e.reason ?? ''}`;
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = new EmulatorServer(opts);
  await emu.listen(opts.port ?? 0);
  return emu;
}
