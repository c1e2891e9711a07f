// Document side of the socket relay: one port = one WebSocket. Only our own background may
// connect, and it may only open sockets to the build-time playground origin.
import { browser, type Browser } from 'wxt/browser';
import { mark } from '@/lib/shared/bench-marks';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { socketOrigin } from '@/lib/shared/manifest-origin';
import { isRecord } from '@/lib/shared/guards';
import { directSocket, type SocketFactory } from './socket';
import { SOCKET_THREAD_SCRIPT, threadSocketFactory } from './socket-thread';
import { RELAY_CONNECT, RELAY_PORT, type RelayCommand, type RelayConnectRequest, type RelayEvent } from './socket-relay';

const ALLOWED_PREFIX = `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/`;

/** The background: Chrome's service worker, or Firefox's generated background page. */
const BACKGROUND_PATHS = ['/background.js', '/_generated_background_page.html', '/background.html'];

export function isRelaySender(sender: Browser.runtime.MessageSender | undefined, extensionId: string): boolean {
  if (!sender || sender.id !== extensionId || sender.tab !== undefined || typeof sender.url !== 'string') return false;
  try {
    return BACKGROUND_PATHS.includes(new URL(sender.url).pathname);
  } catch {
    return false;
  }
}

/**
 * In the offscreen document (Chrome): opens a relay port to the background when it asks (see
 * RELAY_CONNECT in socket-relay.ts: this document must not receive other contexts' ports).
 */
export function startOffscreenRelay(): void {
  // The sockets run on a worker thread, off the main thread the side panel renders on
  // (socket-thread.ts); where a worker cannot start, they stay on this document.
  let open: SocketFactory = directSocket;
  try {
    open = threadSocketFactory(new Worker(SOCKET_THREAD_SCRIPT));
  } catch {
    // keep directSocket
  }
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const request = message as Partial<RelayConnectRequest> | undefined;
    if (request?.type !== RELAY_CONNECT || typeof request.token !== 'string') return undefined;
    if (!isRelaySender(sender, browser.runtime.id)) return undefined;
    mark('relay: connect asked');
    attachRelayPort(browser.runtime.connect({ name: `${RELAY_PORT}:${request.token}` }), open);
    return undefined;
  });
}

/** Injected as a content script in a playground tab (the background reaches it with tabs.connect). */
export function startSocketRelay(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== RELAY_PORT) return;
    if (!isRelaySender(port.sender, browser.runtime.id)) return port.disconnect();
    attachRelayPort(port);
  });
}

export function attachRelayPort(port: Browser.runtime.Port, open: SocketFactory = directSocket): void {
  let socket: ReturnType<SocketFactory> | undefined;
  // Frames that arrive together travel as one port message (a fast stream sends thousands);
  // a zero-delay timer keeps a lone frame from waiting.
  let batch: string[] = [];
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  const post = (event: RelayEvent) => {
    try {
      port.postMessage(event);
    } catch {
      socket?.close();
    }
  };
  const flush = () => {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    if (batch.length === 0) return;
    const data = batch;
    batch = [];
    post(data.length === 1 ? { type: 'text', data: data[0] } : { type: 'texts', data });
  };
  port.onMessage.addListener((raw: unknown) => {
    if (!isRecord(raw)) return; // only our background talks here, but a bad message must not throw
    const command = raw as RelayCommand;
    if (command.type === 'open' && !socket && typeof command.url === 'string') {
      if (!command.url.startsWith(ALLOWED_PREFIX)) return port.disconnect();
      mark('relay: open');
      socket = open(command.url, {
        onOpen: (info) => (mark('relay: opened'), post(info?.onThread ? { type: 'open', onThread: true } : { type: 'open' })),
        onText: (data) => {
          batch.push(data);
          batchTimer ??= setTimeout(flush, 0);
        },
        // Already batched on the socket thread: forwarded at once, as one port message (concat, not
        // push(...data): a burst of tens of thousands of frames must not become as many arguments).
        onTexts: (data) => {
          batch = batch.length === 0 ? data : batch.concat(data);
          flush();
        },
        onClose: ({ code, reason, opened }) => {
          flush();
          post({ type: 'close', code, reason, opened });
          port.disconnect();
        },
      });
    } else if (command.type === 'send' && typeof command.data === 'string') socket?.send(command.data);
    else if (command.type === 'close') socket?.close(command.code, command.reason);
  });
  // The worker went away (stopped, or it closed the socket): close the socket with it.
  port.onDisconnect.addListener(() => socket?.close(1000, 'worker gone'));
}
