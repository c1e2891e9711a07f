// The page's end of the data port (lib/protocol/data.ts): history, settings, templates and
// handoffs, asked of the background (the only writer) by request/response, plus the events it
// pushes. Built on the same PortConnection as the chat client.
import { t } from '@/lib/shared/i18n';
import type { DataEvent, DataRequest, DataRequestType, DataResults, DataServerMessage } from '@/lib/protocol/data';
import { DATA_PORT } from '@/lib/protocol/ports';
import { newRequestId } from './ids';
import { PortConnection, type PortConnectionOptions } from './port-connection';

type Fields<K extends DataRequestType> = Omit<Extract<DataRequest, { type: K }>, 'type' | 'requestId'>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class DataClient {
  private readonly connection: PortConnection<DataRequest>;
  /** Requests sent on the current port, waiting for their answer. */
  private readonly inFlight = new Map<string, Pending>();
  private readonly listeners = new Set<(event: DataEvent) => void>();

  constructor(options: PortConnectionOptions = {}) {
    this.connection = new PortConnection<DataRequest>(
      DATA_PORT,
      {
        opened: (_port, reconnect) => {
          // Whatever changed while the port was down: pages re-read.
          if (reconnect) this.emit({ type: 'history-changed' });
        },
        message: (raw) => this.receive(raw as DataServerMessage),
        // Whether the old worker ran them is unknown (an import must not run twice): fail them.
        dropped: () => this.failInFlight(),
      },
      options,
    );
    options.signal?.addEventListener('abort', () => this.failInFlight(), { once: true });
  }

  start(): void {
    this.connection.start();
  }

  close(): void {
    this.connection.close();
    this.failInFlight();
  }

  request<K extends DataRequestType>(type: K, ...fields: keyof Fields<K> extends never ? [] : [Fields<K>]): Promise<DataResults[K]> {
    return this.requestWithEvents(type, (fields[0] ?? {}) as Fields<K>);
  }

  /** A request whose own events (import-progress, export-part: same requestId) go to `onEvent` until it settles. */
  requestWithEvents<K extends DataRequestType>(type: K, fields: Fields<K>, onEvent?: (event: DataEvent) => void): Promise<DataResults[K]> {
    const requestId = newRequestId();
    const off = onEvent ? this.on((event) => 'requestId' in event && event.requestId === requestId && onEvent(event)) : () => false;
    return new Promise<DataResults[K]>((resolve, reject) => {
      this.inFlight.set(requestId, { resolve: resolve, reject });
      this.connection.send({ type, requestId, ...fields } as DataRequest);
    }).finally(off);
  }

  /** Pushed events (settings-changed, history-changed…); returns an unsubscribe function. */
  on(listener: (event: DataEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(message: DataServerMessage): void {
    if (typeof message !== 'object' || message === null) return;
    switch (message.type) {
      case 'data-result':
      case 'data-error':
      case 'request-rejected': {
        const pending = message.requestId === undefined ? undefined : this.inFlight.get(message.requestId);
        if (!pending) return;
        this.inFlight.delete(message.requestId!);
        if (message.type === 'data-result') pending.resolve(message.result);
        else pending.reject(new Error(message.error));
        return;
      }
      default:
        this.emit(message);
    }
  }

  private emit(event: DataEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private failInFlight(): void {
    const failed = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const pending of failed) pending.reject(new Error(t('errorBackgroundRestarted')));
  }
}
