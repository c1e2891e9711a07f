// The background's end of the data port (lib/protocol/data.ts): answers each validated request
// once, and pushes events to every open data port so pages stay current without reading storage
// themselves. Ports are remembered only while connected (a restarted worker starts with none; the
// pages reconnect and re-read).
import { browser } from 'wxt/browser';
import { validateDataRequest, type DataEvent, type DataRequest, type DataServerMessage } from '@/lib/protocol/data';
import { watchSettings } from '@/lib/background/storage/settings';
import { touchesHandoffs } from '@/lib/background/surfaces/handoff';
import { loadTemplates, TEMPLATES_KEY } from '@/lib/background/surfaces/templates';
import { CHANGES_HISTORY, handleDataRequest, type DataHandlerDeps } from './data-handlers';

/** The part of runtime.Port used here (a fake in tests). */
export interface DataPortLike {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface DataPortDeps extends DataHandlerDeps {
  /** Resolves once start-up work is done; every request waits on it. */
  ready: Promise<unknown>;
}

type StorageListener = (changes: Record<string, unknown>, area: string) => void;

export class DataPortHost {
  private readonly ports = new Set<DataPortLike>();

  constructor(private readonly deps: DataPortDeps) {}

  /** Start-up (synchronous): storage changes become pushed events. Returns a stop function. */
  watchStorage(onChanged: { addListener(l: StorageListener): void; removeListener(l: StorageListener): void } = browser.storage.onChanged): () => void {
    const stopSettings = watchSettings((settings) => this.broadcast({ type: 'settings-changed', settings }));
    const listener: StorageListener = (changes, area) => {
      if (area === 'local' && TEMPLATES_KEY in changes && this.ports.size) {
        void loadTemplates().then((templates) => this.broadcast({ type: 'templates-changed', templates }));
      }
      if (area === 'session' && touchesHandoffs(changes)) this.broadcast({ type: 'handoffs-changed' });
    };
    onChanged.addListener(listener);
    return () => {
      stopSettings();
      onChanged.removeListener(listener);
    };
  }

  /** A data port the router accepted (sender already checked). */
  connect(port: DataPortLike): void {
    this.ports.add(port);
    port.onDisconnect.addListener(() => this.ports.delete(port));
    port.onMessage.addListener((raw: unknown) => {
      const result = validateDataRequest(raw);
      if (!result.ok) return post(port, { type: 'request-rejected', code: 'bad-request', error: result.error, requestId: result.requestId });
      void this.deps.ready.then(() => this.serve(port, result.message));
    });
  }

  /** Runs one request; the reply goes to the asking port only. */
  async serve(port: DataPortLike, request: DataRequest): Promise<void> {
    try {
      const result = await handleDataRequest(request, this.deps);
      post(port, { type: 'data-result', requestId: request.requestId, request: request.type, result } as DataServerMessage);
      if (CHANGES_HISTORY.has(request.type)) this.broadcast({ type: 'history-changed' }, port);
    } catch (error) {
      post(port, { type: 'data-error', requestId: request.requestId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  broadcast(event: DataEvent, except?: DataPortLike): void {
    for (const port of this.ports) if (port !== except) post(port, event);
  }
}

function post(port: DataPortLike, message: DataServerMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // The page went away between the request and the answer.
  }
}
