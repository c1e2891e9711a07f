// One runtime port kept open for a page: connects, reconnects with backoff when the background
// restarts (the port disconnects), queues what is sent while it is down and sends it on reconnect.
// The chat client (chat-client.ts) and the data client (data-client.ts) are both built on it; the
// page's AbortSignal closes it.
import { browser } from 'wxt/browser';

interface PortEvent<T extends (...args: never[]) => void> {
  addListener(listener: T): void;
  removeListener(listener: T): void;
}

/** The part of runtime.Port the clients use (a fake in tests). */
export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: PortEvent<(message: unknown) => void>;
  onDisconnect: PortEvent<() => void>;
}

export interface PortConnectionOptions {
  connect?: () => PortLike;
  /** Delays before reconnect attempts, in ms; the last one repeats. */
  backoff?: readonly number[];
  /** Closes the connection for good (the page is going away). */
  signal?: AbortSignal;
  /** Least delay before reconnecting after a connection that never became stable (ms). */
  floorMs?: number;
}

export interface PortHandlers<Out> {
  /** A port is open; `reconnect` after a drop. Runs before the queued messages go out. */
  opened(port: PortLike, reconnect: boolean): void;
  message(raw: unknown): void;
  /** The port dropped; a reconnect is scheduled. */
  dropped(): void;
  /** Which messages wait for the next port when sent while disconnected (default: all). */
  queue?(message: Out): boolean;
}

/** The first reconnect is immediate: a restarted worker should show its snapshot at once. */
export const DEFAULT_BACKOFF = [0, 250, 500, 1000, 2000, 5000] as const;
/**
 * A connection is stable once it received a message or stayed up this long; only then does the
 * backoff start over. Resetting on every connect made a background that keeps closing the port
 * cause a reconnect storm (~440 connects a second, issue #11 item 13).
 */
export const STABLE_AFTER_MS = 1000;
export const DEFAULT_FLOOR_MS = 250;

export class PortConnection<Out = unknown> {
  private port: PortLike | null = null;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Messages posted while disconnected wait here and go out on reconnect. */
  private readonly outbox: Out[] = [];
  private readonly connectPort: () => PortLike;
  private readonly backoff: readonly number[];
  private readonly floorMs: number;
  private stable = false;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    name: string,
    private readonly handlers: PortHandlers<Out>,
    options: PortConnectionOptions = {},
  ) {
    this.connectPort = options.connect ?? (() => browser.runtime.connect({ name }));
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.floorMs = options.floorMs ?? DEFAULT_FLOOR_MS;
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  start(): void {
    this.closed = false;
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.clearStableTimer();
    const port = this.port;
    this.port = null;
    port?.disconnect();
  }

  get connected(): boolean {
    return this.port !== null;
  }

  /** Messages waiting for a port. */
  get queued(): readonly Out[] {
    return this.outbox;
  }

  send(message: Out): void {
    if (!this.port) {
      if (this.handlers.queue && !this.handlers.queue(message)) return;
      this.outbox.push(message);
      // The user is waiting on this: connect now rather than when the backoff timer fires
      // (opening the port is also what wakes a stopped worker).
      this.reconnectNow();
      return;
    }
    try {
      this.port.postMessage(message);
    } catch {
      // The port died under us; onDisconnect may not fire for a port that is already gone.
      this.outbox.push(message);
      this.handleDisconnect();
    }
  }

  private open(): void {
    this.stable = false;
    let port: PortLike;
    try {
      port = this.connectPort();
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.port = port;
    port.onMessage.addListener(this.onMessage);
    port.onDisconnect.addListener(this.onDisconnect);
    const reconnect = this.attempt > 0;
    this.clearStableTimer();
    this.stableTimer = setTimeout(() => this.markStable(), STABLE_AFTER_MS);
    this.handlers.opened(port, reconnect);
    for (const message of this.outbox.splice(0)) this.send(message);
  }

  private readonly onMessage = (raw: unknown): void => {
    this.markStable();
    this.handlers.message(raw);
  };

  /** The background answered (or the port stayed up): the next drop starts the backoff over. */
  private markStable(): void {
    this.clearStableTimer();
    this.stable = true;
    this.attempt = 0;
  }

  private clearStableTimer(): void {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }

  private readonly onDisconnect = (): void => {
    this.handleDisconnect();
  };

  private handleDisconnect(): void {
    const port = this.port;
    if (!port) return;
    port.onMessage.removeListener(this.onMessage);
    port.onDisconnect.removeListener(this.onDisconnect);
    this.port = null;
    this.clearStableTimer();
    if (this.closed) return;
    this.handlers.dropped();
    this.scheduleReconnect();
  }

  private reconnectNow(): void {
    if (this.closed || this.port) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.open();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const step = this.backoff[Math.min(this.attempt, this.backoff.length - 1)] ?? 1000;
    // A port that dropped before it ever became stable is not reopened at once.
    const delay = this.stable ? step : Math.max(step, this.floorMs);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.open();
    }, delay);
  }
}
