// The page's end of the chat port, on the shared PortConnection: re-subscribes to the open
// conversation after a reconnect and lets the snapshot restore what was on screen. Incoming
// frames go straight into the store.
import { type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import { CHAT_PORT } from '@/lib/protocol/ports';
import type { ChatStore } from './chat-store';
import { PortConnection, type PortConnectionOptions, type PortLike } from './port-connection';
import { dropGoneModel } from './gone-models';

export type ChatClientOptions = PortConnectionOptions;

function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export class ChatClient {
  private subscribed: string | null = null;
  private openCount = 0;
  private readonly connection: PortConnection<ClientMessage>;

  constructor(
    private readonly store: ChatStore,
    options: ChatClientOptions = {},
  ) {
    this.connection = new PortConnection<ClientMessage>(
      CHAT_PORT,
      {
        opened: (port, reconnect) => this.opened(port, reconnect),
        message: (raw) => {
          if (!isServerMessage(raw)) return;
          this.store.handle(raw);
          dropGoneModel(this.store.models, raw); // issue #17
        },
        dropped: () => (this.store.connection.value = 'reconnecting'),
        // Subscriptions are replayed from `subscribed` on reconnect; queue everything else.
        queue: (message) => message.type !== 'conversation-subscribe' && message.type !== 'conversation-unsubscribe',
      },
      options,
    );
  }

  start(): void {
    this.connection.start();
  }

  close(): void {
    this.connection.close();
  }

  /** Ports opened so far: a new one means a new background (what it had warmed is gone). */
  get opens(): number {
    return this.openCount;
  }

  get connected(): boolean {
    return this.connection.connected;
  }

  send(message: ClientMessage): void {
    if (message.type === 'conversation-subscribe') this.subscribed = message.conversationId;
    if (message.type === 'conversation-unsubscribe' && this.subscribed === message.conversationId) this.subscribed = null;
    this.connection.send(message);
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

  private opened(port: PortLike, reconnect: boolean): void {
    this.openCount++;
    const wasReconnect = reconnect || this.store.connection.peek() === 'reconnecting';
    this.store.connection.value = 'open';
    if (wasReconnect && this.store.notice.peek()?.code === 'connection') this.store.notice.value = null;
    // A new chat whose chat-start went out on the dead port never got its chat-started: whether the
    // old background saw it is unknown, so give the prompt back instead of showing it as queued forever.
    const pending = this.store.pending.peek();
    if (wasReconnect && pending && !this.connection.queued.some((m) => m.type === 'chat-start' && m.requestId === pending.requestId)) {
      this.store.recoverPending();
    }
    if (this.subscribed) port.postMessage({ type: 'conversation-subscribe', conversationId: this.subscribed } satisfies ClientMessage);
    if (this.store.models.peek().length === 0) port.postMessage({ type: 'models-list' } satisfies ClientMessage);
  }
}
