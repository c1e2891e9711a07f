// The side panel's end of the chat port. Owns the connection: connects, reconnects with backoff
// when the background restarts (the port disconnects), re-subscribes to the open conversation and
// lets the snapshot restore what was on screen. Incoming frames go straight into the store.
import { browser } from 'wxt/browser';
import { CHAT_PORT, type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import type { ChatStore } from './chat-store';

interface PortEvent<T extends (...args: never[]) => void> {
  addListener(listener: T): void;
  removeListener(listener: T): void;
}

/** The part of runtime.Port the client uses (a fake in tests). */
export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: PortEvent<(message: unknown) => void>;
  onDisconnect: PortEvent<() => void>;
}

export interface ChatClientOptions {
  connect?: () => PortLike;
  /** Delays before reconnect attempts, in ms; the last one repeats. */
  backoff?: readonly number[];
}

/** The first reconnect is immediate: a restarted worker should show its snapshot at once. */
const DEFAULT_BACKOFF = [0, 250, 500, 1000, 2000, 5000] as const;

function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export class ChatClient {
  private port: PortLike | null = null;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Messages posted while disconnected wait here and go out on reconnect. */
  private readonly outbox: ClientMessage[] = [];
  private subscribed: string | null = null;
  private readonly connectPort: () => PortLike;
  private readonly backoff: readonly number[];

  constructor(
    private readonly store: ChatStore,
    options: ChatClientOptions = {},
  ) {
    this.connectPort = options.connect ?? (() => browser.runtime.connect({ name: CHAT_PORT }));
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  start(): void {
    this.closed = false;
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const port = this.port;
    this.port = null;
    port?.disconnect();
  }

  get connected(): boolean {
    return this.port !== null;
  }

  send(message: ClientMessage): void {
    if (message.type === 'conversation-subscribe') this.subscribed = message.conversationId;
    if (message.type === 'conversation-unsubscribe' && this.subscribed === message.conversationId) this.subscribed = null;
    if (!this.port) {
      // Subscriptions are replayed from `subscribed` on reconnect; queue everything else.
      if (message.type === 'conversation-subscribe' || message.type === 'conversation-unsubscribe') return;
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

  /** Record a subscription the background made itself (it subscribes the port that started a chat). */
  markSubscribed(conversationId: string): void {
    if (this.subscribed && this.subscribed !== conversationId) {
      this.send({ type: 'conversation-unsubscribe', conversationId: this.subscribed });
    }
    this.subscribed = conversationId;
  }

  /** Switch the live subscription to another conversation (or none). */
  subscribe(conversationId: string | null): void {
    if (this.subscribed && this.subscribed !== conversationId) {
      this.send({ type: 'conversation-unsubscribe', conversationId: this.subscribed });
    }
    this.subscribed = null;
    if (conversationId) this.send({ type: 'conversation-subscribe', conversationId });
  }

  private open(): void {
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
    const wasReconnect = this.attempt > 0 || this.store.connection.peek() === 'reconnecting';
    this.store.connection.value = 'open';
    this.attempt = 0;
    if (wasReconnect && this.store.notice.peek()?.code === 'connection') this.store.notice.value = null;
    // A new chat whose chat-start went out on the dead port never got its chat-started: whether the
    // old background saw it is unknown, so give the prompt back instead of showing it as queued forever.
    const pending = this.store.pending.peek();
    if (wasReconnect && pending && !this.outbox.some((m) => m.type === 'chat-start' && m.requestId === pending.requestId)) {
      this.store.recoverPending();
    }
    if (this.subscribed) port.postMessage({ type: 'conversation-subscribe', conversationId: this.subscribed } satisfies ClientMessage);
    if (this.store.models.peek().length === 0) port.postMessage({ type: 'models-list' } satisfies ClientMessage);
    const queued = this.outbox.splice(0);
    for (const message of queued) this.send(message);
  }

  private readonly onMessage = (raw: unknown): void => {
    if (!isServerMessage(raw)) return;
    this.store.handle(raw);
  };

  private readonly onDisconnect = (): void => {
    this.handleDisconnect();
  };

  private handleDisconnect(): void {
    const port = this.port;
    if (!port) return;
    port.onMessage.removeListener(this.onMessage);
    port.onDisconnect.removeListener(this.onDisconnect);
    this.port = null;
    if (this.closed) return;
    this.store.connection.value = 'reconnecting';
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
    const delay = this.backoff[Math.min(this.attempt, this.backoff.length - 1)] ?? 1000;
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.open();
    }, delay);
  }
}
