// Network latency for the emulator (issue #16): a fixed one-way delay on every byte in each
// direction, so the socket upgrade, every WebSocket frame and every HTTP request/response pay it
// (`--latency 40` = 80 ms round trip, like a user 40 ms from the nearest Cloudflare colo).
//
// Why a byte-level line instead of sleeps in the route handlers: one place delays everything the
// extension sees, in order, including the 101 handshake and frames the handlers never look at.
// The public TCP socket is wrapped in a Duplex the HTTP server adopts (`server.emit('connection')`,
// https://nodejs.org/api/http.html#event-connection); the delay is read per chunk, so the control
// knob (`POST /__emulator/config {"latencyMs": N}`) changes it for open connections too.
import type http from 'node:http';
import net, { type Socket } from 'node:net';
import { Duplex } from 'node:stream';

/**
 * Delays each chunk by `delayMs()` and keeps their order: a chunk never overtakes an earlier one
 * even when the knob lowers the delay between them.
 */
export class DelayQueue {
  private lastDue = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly delayMs: () => number,
    private readonly deliver: (chunk: Buffer | null) => void,
  ) {}

  /** `null` is the end of the stream (delivered after every earlier chunk). */
  push(chunk: Buffer | null): void {
    const delay = Math.max(0, this.delayMs());
    if (delay === 0 && this.timers.size === 0) {
      this.deliver(chunk);
      return;
    }
    const due = Math.max(performance.now() + delay, this.lastDue);
    this.lastDue = due;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.deliver(chunk);
      },
      Math.max(0, due - performance.now()),
    );
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * The server's view of one client connection with the latency applied both ways. Looks enough
 * like a net.Socket for node:http and ws (address fields, setNoDelay/setTimeout/setKeepAlive).
 */
export class LatencySocket extends Duplex {
  private readonly outbound: DelayQueue;
  private readonly inbound: DelayQueue;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;

  constructor(
    private readonly raw: Socket,
    delayMs: () => number,
  ) {
    super({ allowHalfOpen: false });
    this.remoteAddress = raw.remoteAddress;
    this.remotePort = raw.remotePort;
    this.remoteFamily = raw.remoteFamily;
    this.localAddress = raw.localAddress;
    this.localPort = raw.localPort;
    this.outbound = new DelayQueue(delayMs, (chunk) => {
      if (raw.destroyed) return;
      if (chunk === null) raw.end();
      else raw.write(chunk);
    });
    this.inbound = new DelayQueue(delayMs, (chunk) => {
      if (!this.destroyed) this.push(chunk);
    });
    raw.on('data', (chunk: Buffer) => this.inbound.push(chunk));
    raw.on('end', () => this.inbound.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => {
      this.inbound.clear();
      if (!this.destroyed) this.destroy();
    });
  }

  override _read(): void {
    // Flow control is the raw socket's: the inbound queue pushes as chunks come due.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.outbound.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.outbound.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.outbound.clear();
    this.inbound.clear();
    this.raw.destroy();
    callback(error);
  }

  setNoDelay(noDelay?: boolean): this {
    this.raw.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.raw.setKeepAlive(enable, delay);
    return this;
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.raw.setTimeout(ms, callback);
    return this;
  }

  address(): ReturnType<Socket['address']> {
    return this.raw.address();
  }
}

/** The public listener of an emulator with latency: each connection reaches `server` through a LatencySocket. */
export function latencyFront(server: http.Server, delayMs: () => number): net.Server {
  return net.createServer((raw) => {
    raw.setNoDelay(true);
    server.emit('connection', new LatencySocket(raw, delayMs));
  });
}

/** A config patch's latencyMs: a number ≥ 0, and non-zero only on an emulator started with the line. */
export function checkLatency(latencyMs: number | undefined, hasLine: boolean): void {
  if (latencyMs === undefined) return;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`bad latencyMs ${String(latencyMs)}`);
  if (latencyMs > 0 && !hasLine) throw new Error('latencyMs needs an emulator started with the latencyMs option (--latency)');
}
