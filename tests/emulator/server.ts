// Local emulator of the Cloudflare Workers AI Playground (https://playground.ai.cloudflare.com).
// See tests/emulator/README.md for modes, faults, directives and the control API, and
// docs/playground-protocol.md#server-captures (how the published server code behaves).
//
// One Node HTTP server carries everything: the playground routes of the selected era, the Era D
// WebSocket (`/agents/playground/<name>?_pk=<uuid>`), and the control API under `/__emulator/*`.
// GET `/` answers a small HTML page with 200 in every mode (the real Era D site would serve its SPA
// there; the worker itself answers 404): it is the "visit the site" page that clears the challenge.
// This file is the core (listen, log, config, restart); each job lives in its own module:
// http-routes.ts, gate.ts (edge), http-eras.ts, agents-socket.ts / agents-chat.ts / resumable.ts /
// transcript.ts (Era D), stream.ts (answers and stream faults), control.ts, log-format.ts, types.ts.

import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { onUpgrade } from './agents-socket';
import { FaultBook } from './fault-book';
import { checkModelRules } from './model-rules';
import { Gate } from './gate';
import { checkLatency, latencyFront } from './latency';
import { onRequest, type RoutesEnv } from './http-routes';
import { formatLogEntry } from './log-format';
import { abandonAll, type Instance } from './resumable';
import {
  defaultConfig,
  EMULATOR_MODES,
  FAULTS,
  type ConfigPatch,
  type Emulator,
  type EmulatorConfig,
  type EmulatorOptions,
  type LogEntry,
  type ModelInput,
} from './types';

export * from './types';
export { formatLogEntry } from './log-format';

const FIXTURES = new URL('../fixtures/playground/', import.meta.url);
/** Era C 500 body for messages without `parts` (server-captures/era-c-inference-content-only.http). */
const ERA_C_PARTS_ERROR = ((): string => {
  const raw = readFileSync(new URL('server-captures/era-c-inference-content-only.http', FIXTURES), 'utf8');
  const i = raw.indexOf('\r\n\r\n');
  return i >= 0 ? raw.slice(i + 4) : "TypeError: Cannot read properties of undefined (reading 'filter')";
})();

class EmulatorServer implements Emulator {
  origin = '';
  port = 0;
  log: LogEntry[] = [];
  private readonly inputs: ModelInput[] = [];
  config: EmulatorConfig = defaultConfig();

  private readonly host: string;
  private readonly started = performance.now();
  private readonly events = new EventEmitter();
  private readonly server: http.Server;
  /** The latency line (latency.ts): the public listener when started with `latencyMs`; else null. */
  private readonly front: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<Socket>();
  private readonly instances = new Map<string, Instance>();
  /** Pending sleeps: close() resolves them all (streams then see a dead sink and stop). */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly faults = new FaultBook(() => this.config);
  private readonly gate = new Gate(this.faults, () => this.config, () => this.origin);
  private restarting: Promise<void> | null = null;
  private closed = false;
  /** What the job modules see of this server (`config` is mutated in place, never replaced). */
  private readonly env: RoutesEnv = {
    config: this.config,
    emulator: this,
    faults: this.faults,
    gate: this.gate,
    instances: this.instances,
    wss: this.wss,
    eraCPartsError: ERA_C_PARTS_ERROR,
    record: (e: Omit<LogEntry, 't'>) => this.record(e),
    modelInput: (input: Omit<ModelInput, 't'>) => void this.inputs.push({ t: Math.round(performance.now() - this.started), ...input }),
    sleep: (ms: number) => this.sleep(ms),
    restart: () => this.restart(),
    closed: () => this.closed,
  };

  constructor(opts: EmulatorOptions) {
    this.host = opts.host ?? '127.0.0.1';
    const base = defaultConfig();
    this.configure({
      mode: opts.mode ?? base.mode,
      faults: opts.faults ?? {},
      tokenDelayMs: opts.tokenDelayMs ?? base.tokenDelayMs,
      answerTokens: opts.answerTokens ?? null,
      reasoning: opts.reasoning ?? false,
      verbose: opts.verbose ?? false,
      latencyMs: opts.latencyMs ?? 0,
    });
    this.events.setMaxListeners(0);
    this.server = http.createServer((req, res) => void onRequest(this.env, req, res));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(this.env, req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    if (opts.latencyMs !== undefined) this.front = latencyFront(this.server, () => this.config.latencyMs);
  }

  /** What listens on the public port. */
  private get listener(): Server {
    return this.front ?? this.server;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.listener.once('error', onError);
      this.listener.listen(port, this.host, () => {
        this.listener.off('error', onError);
        resolve();
      });
    });
    this.port = (this.listener.address() as AddressInfo).port;
    const originHost = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host.includes(':') ? `[${this.host}]` : this.host;
    this.origin = `http://${originHost}:${this.port}`;
  }

  // ---------------------------------------------------------------------------------------------- config & log

  configure(patch: ConfigPatch): void {
    const { faults, ...rest } = patch;
    if (rest.mode !== undefined && !EMULATOR_MODES.includes(rest.mode)) throw new Error(`unknown mode ${String(rest.mode)}`);
    if (rest.challengeCleared === false) this.gate.clearanceToken = randomToken();
    if (rest.modelRules !== undefined) checkModelRules(rest.modelRules);
    checkLatency(rest.latencyMs, this.front !== null || !this.server);
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
    this.inputs.length = 0;
  }

  modelInputs(): ModelInput[] {
    return structuredClone(this.inputs);
  }

  transcript(name: string): unknown[] {
    return structuredClone(this.instances.get(name)?.messages ?? []);
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
      this.listener.close();
      abandonAll(this.instances.values());
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
    const done = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    this.killConnections();
    this.wss.close();
    await done;
  }
}

function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = new EmulatorServer(opts);
  await emu.listen(opts.port ?? 0);
  return emu;
}

