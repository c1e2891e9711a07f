// The background's end of the data port (lib/protocol/data.ts): answers each validated request
// once, and pushes events to every open data port so pages stay current without reading storage
// themselves. Ports are remembered only while connected (a restarted worker starts with none; the
// pages reconnect and re-read).
import { browser } from 'wxt/browser';
import { validateDataRequest, type DataEvent, type DataRequest, type DataServerMessage } from '@/lib/protocol/data';
import { purgeDeleted } from '@/lib/background/storage/conversations';
import { watchHistoryWrites } from '@/lib/background/storage/changes';
import { watchSettings } from '@/lib/background/storage/settings';
import { touchesHandoffs } from '@/lib/background/surfaces/handoff';
import { loadTemplates, TEMPLATES_KEY } from '@/lib/background/surfaces/templates';
import { CANARY_KEY, CANARY_LOOKED_KEY, readCanary } from '@/lib/playground/canary';
import { CHANGES_HISTORY, handleDataRequest, type DataHandlerDeps } from './data-handlers';
import { clearServerCopies } from './server-copies';
import { ImportUploads } from './import-uploads';

/** The part of runtime.Port used here (a fake in tests). */
export interface DataPortLike {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface DataPortDeps extends DataHandlerDeps {
  /** Resolves once start-up work is done; every request but READS_BEFORE_READY waits on it. */
  ready: Promise<unknown>;
}

type StorageListener = (changes: Record<string, unknown>, area: string) => void;

/**
 * How long a deleted conversation can be restored. The panel's Undo toast shows for 6 s; the rows
 * stay a minute, then the next data request (or the next start-up) purges them for good (issue #11
 * item 11: soft-deleted conversations used to stay forever). No alarm: nothing needs to run while
 * no page is open, and start-up catches the rest.
 */
export const UNDO_WINDOW_MS = 60_000;
/**
 * Reads that do not depend on start-up (header rules, recovery of interrupted answers, which only
 * rewrites message statuses): a panel opened on a just-woken worker shows its history and settings
 * without waiting for them (issue #16). Everything else waits on `ready`.
 */
export const READS_BEFORE_READY: ReadonlySet<DataRequest['type']> = new Set<DataRequest['type']>(['history-list', 'history-search', 'settings-get', 'templates-get']);

/** Purges run at most this often (each is a write transaction). */
const PURGE_EVERY_MS = 30_000;
/**
 * `history-changed` for writes from elsewhere (an answer streaming from the popup, a right-click) goes
 * out at once, then at most this often while writes keep coming (a stream writes many times).
 */
export const HISTORY_EVENT_EVERY_MS = 1_000;

export class DataPortHost {
  private readonly ports = new Set<DataPortLike>();
  /** Each port's import uploads: gone with the port (lib/background/import-uploads.ts). */
  private readonly uploads = new WeakMap<DataPortLike, ImportUploads>();
  private lastPurge = Number.NEGATIVE_INFINITY;
  /** Data requests that change the history and are being served: their writes are announced by serve(). */
  private servingChanges = 0;
  private lastHistoryEvent = Number.NEGATIVE_INFINITY;
  private historyTimer: ReturnType<typeof setTimeout> | undefined;
  /** How long a deleted conversation stays restorable (e2e builds shorten it through `__flarechat.data`). */
  undoWindowMs = UNDO_WINDOW_MS;

  constructor(private readonly deps: DataPortDeps) {
    // Start-up also retries the server clears an earlier purge could not send.
    void deps.ready.then(() => this.purgeDue(Date.now(), true));
  }

  /**
   * Hard-deletes conversations deleted longer ago than the undo window (throttled; never throws),
   * then clears their server copies (and any still queued) without holding up the request.
   */
  async purgeDue(now = Date.now(), startUp = false): Promise<void> {
    const windowMs = this.undoWindowMs;
    if (now - this.lastPurge < Math.min(PURGE_EVERY_MS, windowMs)) return;
    this.lastPurge = now;
    let purged: string[] = [];
    await purgeDeleted(windowMs, (names) => (purged = names)).catch((error) => console.error('FlareChat purge failed', error));
    if (purged.length > 0 || startUp) this.clearServerCopies(purged);
  }

  /** Sends cf_agent_chat_clear for these instances (and the queued ones); failures stay queued. */
  clearServerCopies(names: string[]): void {
    const clear = this.deps.clearServerCopy;
    if (!clear) return;
    this.clearing = this.clearing
      .then(() => clearServerCopies(names, clear))
      .then(({ queued }) => queued && console.warn(`FlareChat: ${queued} server copies wait to be cleared`))
      .catch((error: unknown) => console.error('FlareChat: clearing server copies failed', error instanceof Error ? error.message : String(error)));
  }

  /** Server clears run one batch at a time (tests wait on it). */
  clearing: Promise<unknown> = Promise.resolve();

  /** Start-up (synchronous): storage changes become pushed events. Returns a stop function. */
  watchStorage(onChanged: { addListener(l: StorageListener): void; removeListener(l: StorageListener): void } = browser.storage.onChanged): () => void {
    const stopSettings = watchSettings((settings) => this.broadcast({ type: 'settings-changed', settings }));
    const stopWrites = watchHistoryWrites(() => this.historyWritten());
    const listener: StorageListener = (changes, area) => {
      if (area === 'local' && TEMPLATES_KEY in changes && this.ports.size) {
        void loadTemplates().then((templates) => this.broadcast({ type: 'templates-changed', templates }));
      }
      if (area === 'session' && touchesHandoffs(changes)) this.broadcast({ type: 'handoffs-changed' });
      // issue #14: the canary caught a new shape, or the user looked; open panels update their mark.
      if (area === 'local' && (CANARY_KEY in changes || CANARY_LOOKED_KEY in changes) && this.ports.size) {
        void readCanary().then(({ unseen }) => this.broadcast({ type: 'canary-changed', unseen }), () => {});
      }
    };
    onChanged.addListener(listener);
    return () => {
      stopSettings();
      stopWrites();
      clearTimeout(this.historyTimer);
      onChanged.removeListener(listener);
    };
  }

  /** A data port the router accepted (sender already checked). */
  connect(port: DataPortLike): void {
    this.ports.add(port);
    this.uploads.set(port, new ImportUploads());
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      this.uploads.delete(port);
    });
    port.onMessage.addListener((raw: unknown) => {
      const result = validateDataRequest(raw);
      if (!result.ok) return post(port, { type: 'request-rejected', code: 'bad-request', error: result.error, requestId: result.requestId });
      const request = result.message;
      if (READS_BEFORE_READY.has(request.type)) void this.serve(port, request);
      else void this.deps.ready.then(() => this.serve(port, request));
    });
  }

  /** Runs one request; the reply goes to the asking port only. */
  async serve(port: DataPortLike, request: DataRequest): Promise<void> {
    const changes = CHANGES_HISTORY.has(request.type);
    if (changes) this.servingChanges++;
    try {
      const result = await handleDataRequest(request, {
        ...this.deps,
        reply: (message) => post(port, message),
        clearServerCopies: (names) => this.clearServerCopies(names),
        uploads: this.uploads.get(port),
      });
      post(port, { type: 'data-result', requestId: request.requestId, request: request.type, result } as DataServerMessage);
      if (changes) this.broadcast({ type: 'history-changed' }, port);
    } catch (error) {
      post(port, { type: 'data-error', requestId: request.requestId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      if (changes) this.servingChanges--;
    }
    // After the answer, not before: the purge's write transaction would hold up the history a
    // freshly opened panel is waiting for (bench measure 5). Soft-deleted rows are never listed.
    // After start-up's own purge (registered first), which also retries queued server clears.
    void this.deps.ready.then(() => this.purgeDue());
  }

  /**
   * A history write committed. Writes made for a data request are announced by serve() (not back to
   * the page that asked); any other write (the engine answering the popup or a right-click, an answer
   * streaming in another window) tells every open page, throttled (issue #12).
   */
  historyWritten(now = Date.now()): void {
    if (this.servingChanges > 0 || this.ports.size === 0 || this.historyTimer !== undefined) return;
    const wait = this.lastHistoryEvent + HISTORY_EVENT_EVERY_MS - now;
    const send = () => {
      this.historyTimer = undefined;
      this.lastHistoryEvent = Date.now();
      this.broadcast({ type: 'history-changed' });
    };
    if (wait <= 0) send();
    else this.historyTimer = setTimeout(send, wait);
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
