// Over 10 KB: the document's one lifecycle (create, port handshake, spare port, idle close) shares
// its state (creating, closing, live sockets); split, each part would need the others' internals.
// Chrome only: the agents WebSocket lives in an offscreen document, the worker drives it over a
// runtime port. Why: declarativeNetRequest rewrites the handshake's Origin (chrome-extension://…
// → the playground's own) for sockets opened by extension documents, but never for sockets opened
// by the service worker (checked in Chromium 156; docs/playground-protocol.md#header-rules-and-sockets).
// The relay is a dumb pipe: the background still owns the generation. When the worker dies the
// port disconnects and the relay closes the socket, so nothing streams into the void.
import { mark } from '@/lib/shared/bench-marks';
import { browser, type Browser } from 'wxt/browser';
import type { SocketFactory } from './socket';

export const RELAY_PORT = 'socket-relay';
export const RELAY_PAGE = '/socket-relay.html';

/** worker → relay */
export type RelayCommand = { type: 'open'; url: string } | { type: 'send'; data: string } | { type: 'close'; code: number; reason: string };
/** relay → worker */
export type RelayEvent =
  /** onThread: the socket runs on the relay document's worker thread (socket-thread.ts). */
  | { type: 'open'; onThread?: boolean }
  | { type: 'text'; data: string }
  /** Frames that arrived together, coalesced into one port message. */
  | { type: 'texts'; data: string[] }
  | { type: 'close'; code: number; reason: string; opened: boolean };

let creating: Promise<void> | undefined;
let closing: Promise<void> | undefined;

/** Creates the offscreen document once; concurrent callers share the same creation. */
export async function ensureRelayDocument(): Promise<void> {
  const offscreen = chrome.offscreen;
  await closing; // an idle close in flight finishes first, then the document is created again
  if (await offscreen.hasDocument()) return;
  creating ??= offscreen
    .createDocument({
      url: RELAY_PAGE,
      // No reason names WebSockets; WORKERS is the closest ("spawn workers/long-lived connections").
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: 'Opens the Workers AI Playground WebSocket from an extension document so the request carries the playground Origin.',
    })
    .catch((error: unknown) => {
      // A parallel creation may have won the race; anything else is a real failure.
      if (!String(error).includes('single offscreen')) throw error;
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

/**
 * A SocketFactory whose socket lives at the other end of a runtime port: `connect` prepares the
 * host (the offscreen document, or a content script in a playground tab) and opens the port.
 * Commands sent before the port exists are queued; the socket closes exactly once.
 */
export function portSocket(connect: () => Promise<Browser.runtime.Port>, label: string): SocketFactory {
  return (url, handlers) => {
    let port: Browser.runtime.Port | undefined;
    let opened = false;
    let closed = false;
    const queue: RelayCommand[] = [];
    const finish = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      handlers.onClose({ code, reason, opened });
    };
    const post = (command: RelayCommand) => {
      if (closed) return;
      if (port) port.postMessage(command);
      else queue.push(command);
    };

    connect()
      .then((connected) => {
        if (closed) return connected.disconnect();
        port = connected;
        port.onMessage.addListener((raw: unknown) => {
          const event = raw as RelayEvent;
          if (event.type === 'open') {
            opened = true;
            handlers.onOpen({ onThread: event.onThread === true });
          } else if (event.type === 'text' && typeof event.data === 'string') handlers.onText(event.data);
          else if (event.type === 'texts' && Array.isArray(event.data)) {
            for (const data of event.data) if (typeof data === 'string' && !closed) handlers.onText(data);
          } else if (event.type === 'close') finish(event.code, event.reason);
        });
        port.onDisconnect.addListener(() => finish(1006, `${label} disconnected`));
        port.postMessage({ type: 'open', url } satisfies RelayCommand);
        for (const command of queue.splice(0)) port.postMessage(command);
      })
      .catch((error: unknown) => finish(1006, `${label} unavailable: ${String(error)}`));

    return {
      send(data) {
        post({ type: 'send', data });
      },
      close(code = 1000, reason = '') {
        post({ type: 'close', code, reason });
        port?.disconnect();
        finish(code, reason);
      },
    };
  };
}

/**
 * The offscreen document opens each relay port itself, asked by a one-shot message. It must not
 * listen to runtime.onConnect: a page's runtime.connect() reaches every extension context with
 * such a listener, and the opener's port stays open while any receiver keeps its end (an explicit
 * disconnect() by one receiver closes it for all). A relay document holding the side panel's chat
 * port hid the worker's death from the panel (no onDisconnect, no reconnect: the answer stayed
 * "streaming" and the panel stopped working) — found by the fault e2e (tests/e2e/recovery-worker).
 */
export const RELAY_CONNECT = 'socket-relay-connect';
export interface RelayConnectRequest {
  type: typeof RELAY_CONNECT;
  token: string;
}

const pendingRelays = new Map<string, (port: Browser.runtime.Port) => void>();

/** Background: takes a relay port the offscreen document opened on request. False: not a relay port. */
export function acceptRelayPort(port: Browser.runtime.Port, extensionId: string = browser.runtime.id): boolean {
  if (!port.name.startsWith(`${RELAY_PORT}:`)) return false;
  const resolve = pendingRelays.get(port.name.slice(RELAY_PORT.length + 1));
  let fromRelayPage = false;
  try {
    fromRelayPage = port.sender?.id === extensionId && port.sender.tab === undefined && new URL(port.sender.url ?? '').pathname === RELAY_PAGE;
  } catch {
    fromRelayPage = false;
  }
  if (!resolve || !fromRelayPage) {
    port.disconnect();
    return true;
  }
  pendingRelays.delete(port.name.slice(RELAY_PORT.length + 1));
  resolve(port);
  return true;
}

/**
 * Background: asks the offscreen document for a relay port and waits for it to connect. A document
 * still loading its script cannot answer yet: the request is retried every 50 ms, `retries` times.
 */
export function requestRelayPort(timeoutMs = 5_000, retries = 40): Promise<Browser.runtime.Port> {
  const token = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pendingRelays.delete(token);
      reject(new Error('the relay document did not connect'));
    }, timeoutMs);
    pendingRelays.set(token, (port) => {
      clearTimeout(timer);
      resolve(port);
    });
    const ask = async (triesLeft: number): Promise<void> => {
      try {
        await browser.runtime.sendMessage({ type: RELAY_CONNECT, token } satisfies RelayConnectRequest);
      } catch (error) {
        // The document may still be loading its script ("Receiving end does not exist").
        if (triesLeft > 0 && pendingRelays.has(token)) {
          await new Promise((r) => setTimeout(r, 50));
          return ask(triesLeft - 1);
        }
        if (pendingRelays.delete(token)) {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    };
    void ask(retries);
  });
}

/**
 * How long the offscreen document outlives its last relay socket (issue #11: it was never closed,
 * a hidden page kept alive for the rest of the session). Short enough to run before Chrome stops
 * an idle worker (30 s; a stopped worker's timer never fires), long enough that a follow-up
 * question reuses the document.
 * https://developer.chrome.com/docs/extensions/reference/api/offscreen#method-closeDocument
 */
export const RELAY_IDLE_MS = 15_000;

// Sockets open through the document. Worker memory is enough: if the worker dies, its relay
// ports disconnect and the document closes their sockets; only the idle document is left, and
// the next relay socket's close schedules its closing again.
let liveSockets = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Closes the offscreen document if no relay socket uses it; true when it was closed. */
export async function closeIdleRelayDocument(): Promise<boolean> {
  if (liveSockets > 0 || creating || closing) return false;
  if (!(await chrome.offscreen.hasDocument())) return false;
  if (liveSockets > 0 || creating || closing) return false; // a socket started meanwhile
  closing = chrome.offscreen
    .closeDocument()
    .catch(() => {})
    .finally(() => {
      closing = undefined;
    });
  await closing;
  return true;
}

function socketStarted(): void {
  liveSockets++;
  clearTimeout(idleTimer);
  idleTimer = undefined;
}

function socketEnded(): void {
  liveSockets = Math.max(0, liveSockets - 1);
  if (liveSockets > 0) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    void closeIdleRelayDocument();
  }, RELAY_IDLE_MS);
}

/**
 * How long a spare relay port waits for a socket (prepareRelayPort). It costs no request, only a
 * port; short, so it never outlives the surface that asked for it by much.
 */
export const SPARE_PORT_MS = 20_000;

interface SparePort {
  port: Promise<Browser.runtime.Port>;
  gone: boolean;
}
let spare: SparePort | undefined;

/**
 * issue #16: a surface with a composer connected (often right after the worker started): when the
 * relay document is already up, its port is made ready now, so the first socket skips the
 * document → worker connect handshake (~30 ms on 2 cores) while start-up and the turn's storage
 * run. No socket is opened and nothing reaches the network; the document is never created for it
 * (an idle panel would keep a hidden document alive), and the port is dropped after SPARE_PORT_MS.
 * The request goes out at once, without asking offscreen.hasDocument() first: called from the
 * worker's first turn, that answer would only arrive after the turn, while the request reaches the
 * document during it (cold-start-trace.ts: the spare was on the critical path of a woken worker's
 * first socket). With no document, nothing receives it and the request fails: no spare.
 */
export function prepareRelayPort(): void {
  if (spare || creating || closing) return;
  mark('relay spare asked');
  const entry: SparePort = { port: requestRelayPort(SPARE_CONNECT_MS, 0), gone: false };
  spare = entry;
  const drop = () => {
    entry.gone = true;
    if (spare === entry) spare = undefined;
  };
  entry.port.then((port) => {
    port.onDisconnect.addListener(drop);
    setTimeout(() => {
      if (spare !== entry) return;
      drop();
      port.disconnect();
    }, SPARE_PORT_MS);
  }, drop);
}

/**
 * How long a spare's document may take to connect once asked. The document connects inside its
 * message listener, so its port is normally on its way before the request's answer; a socket
 * that takes a spare waits at most this long before asking for a port of its own.
 */
export const SPARE_CONNECT_MS = 1_000;

/** The spare port if one is ready or on its way and still connected; undefined otherwise. */
async function takeSparePort(): Promise<Browser.runtime.Port | undefined> {
  const entry = spare;
  spare = undefined;
  const port = await entry?.port.catch(() => undefined);
  return entry && !entry.gone ? port : undefined;
}

const relayPortSocket: SocketFactory = portSocket(async () => {
  let port = await takeSparePort();
  if (!port) {
    await ensureRelayDocument();
    port = await requestRelayPort();
  }
  mark('relay port ready');
  return port;
}, 'relay');

/** A SocketFactory whose sockets live in the offscreen relay document, closed when idle. */
export const relaySocket: SocketFactory = (url, handlers) => {
  socketStarted();
  let ended = false;
  return relayPortSocket(url, {
    ...handlers,
    onClose(info) {
      if (!ended) {
        ended = true;
        socketEnded();
      }
      handlers.onClose(info);
    },
  });
};
