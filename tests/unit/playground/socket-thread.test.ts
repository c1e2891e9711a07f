// The offscreen document's socket thread (lib/playground/socket-thread.ts): both ends of the
// document ↔ worker protocol, wired through a fake message channel that, like postMessage, clones
// each message and delivers it in a later task. Issue #16: the sockets left the main thread the
// side panel renders on; nothing about what the background sees may change.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SocketFactory, SocketHandlers } from '@/lib/playground/socket';
import { startSocketThread, threadSocketFactory, type ThreadLike } from '@/lib/playground/socket-thread';
import { attachRelayPort, startOffscreenRelay } from '@/lib/playground/socket-relay-host';
import { RELAY_CONNECT } from '@/lib/playground/socket-relay';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { socketOrigin } from '@/lib/shared/manifest-origin';
import { asPort, EXT_ORIGIN, EXT_ID, fakeRuntimePort } from '../background/port-fakes';

type Listener = (event: MessageEvent) => void;

interface ServerSocket {
  url: string;
  handlers: SocketHandlers;
  sent: string[];
  closed: { code?: number; reason?: string } | null;
}

/** A worker thread and the document that owns it, joined by an asynchronous, cloning channel. */
function threadPair() {
  const servers: ServerSocket[] = [];
  const open: SocketFactory = (url, handlers) => {
    const socket: ServerSocket = { url, handlers, sent: [], closed: null };
    servers.push(socket);
    return { send: (data) => void socket.sent.push(data), close: (code, reason) => void (socket.closed = { code, reason }) };
  };
  const toThread: Listener[] = [];
  const toDocument: Record<'message' | 'error', Listener[]> = { message: [], error: [] };
  const deliver = (listeners: Listener[], data: unknown) =>
    setTimeout(() => listeners.forEach((l) => l({ data: structuredClone(data) } as MessageEvent)), 0);
  startSocketThread({ postMessage: (m) => deliver(toDocument.message, m), addEventListener: (_t, l) => void toThread.push(l) }, open);
  const thread: ThreadLike = {
    postMessage: (m) => deliver(toThread, m),
    addEventListener: (type, l) => void toDocument[type].push(l),
  };
  const fail = () => toDocument.error.forEach((l) => l({} as MessageEvent));
  const postRaw = (data: unknown) => deliver(toThread, data);
  return { servers, thread, fail, postRaw };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function recorder(withTexts: boolean) {
  const events: unknown[] = [];
  const handlers: SocketHandlers = {
    onOpen: (info) => events.push(info?.onThread ? 'open on thread' : 'open'),
    onText: (data) => events.push(['text', data]),
    onClose: (info) => events.push(['close', info]),
  };
  if (withTexts) handlers.onTexts = (data) => events.push(['texts', data]);
  return { events, handlers };
}

describe('socket thread', () => {
  it('opens the socket on the thread, relays sends, and hands frames that arrived together over as one batch', async () => {
    const { servers, thread } = threadPair();
    const { events, handlers } = recorder(true);
    const socket = threadSocketFactory(thread)('wss://x/agents/a', handlers);
    socket.send('too early'); // the thread queues nothing: sent before the socket exists on the thread, it is still ordered after open
    await tick();
    expect(servers).toHaveLength(1);
    expect(servers[0].url).toBe('wss://x/agents/a');
    expect(servers[0].sent).toEqual(['too early']);
    servers[0].handlers.onOpen();
    servers[0].handlers.onText('a');
    servers[0].handlers.onText('b');
    await tick();
    servers[0].handlers.onText('c');
    await tick();
    servers[0].handlers.onClose({ code: 1000, reason: 'bye', opened: true });
    await tick();
    expect(events).toEqual(['open on thread', ['texts', ['a', 'b']], ['texts', ['c']], ['close', { code: 1000, reason: 'bye', opened: true }]]);
  });

  it('gives frames one by one, in order, to handlers without onTexts', async () => {
    const { servers, thread } = threadPair();
    const { events, handlers } = recorder(false);
    threadSocketFactory(thread)('wss://x/agents/a', handlers);
    await tick();
    servers[0].handlers.onText('1');
    servers[0].handlers.onText('2');
    servers[0].handlers.onClose({ code: 1006, reason: '', opened: false });
    await tick();
    // The pending batch leaves before the close: nothing is lost at the end of a stream.
    expect(events).toEqual([['text', '1'], ['text', '2'], ['close', { code: 1006, reason: '', opened: false }]]);
  });

  it('keeps two sockets apart, and closing one from the document closes it on the thread, once', async () => {
    const { servers, thread } = threadPair();
    const factory = threadSocketFactory(thread);
    const a = recorder(true);
    const b = recorder(true);
    const socketA = factory('wss://x/agents/a', a.handlers);
    factory('wss://x/agents/b', b.handlers);
    await tick();
    servers[1].handlers.onText('for b');
    socketA.close(4000, 'done');
    socketA.close(4001, 'again');
    socketA.send('after close');
    await tick();
    expect(servers[0].closed).toEqual({ code: 4000, reason: 'done' });
    expect(servers[0].sent).toEqual([]);
    expect(a.events).toEqual([['close', { code: 4000, reason: 'done', opened: false }]]);
    expect(b.events).toEqual([['texts', ['for b']]]);
  });

  it('closes every live socket with 1006 when the thread fails, and ignores malformed messages', async () => {
    const { servers, thread, fail, postRaw } = threadPair();
    const { events, handlers } = recorder(true);
    threadSocketFactory(thread)('wss://x/agents/a', handlers);
    postRaw(null);
    postRaw({ id: 'x', type: 'open', url: 'wss://x' });
    postRaw({ id: 99, type: 'send', data: 'nobody' });
    await tick();
    expect(servers).toHaveLength(1);
    fail();
    fail();
    expect(events).toEqual([['close', { code: 1006, reason: 'socket thread failed', opened: false }]]);
  });

  it('through the relay host: a batch from the thread leaves as one port message at once', async () => {
    const { servers, thread } = threadPair();
    const port = fakeRuntimePort('socket-relay:t', { id: EXT_ID, url: `${EXT_ORIGIN}/background.js` });
    attachRelayPort(asPort(port), threadSocketFactory(thread));
    port.onMessage.trigger({ type: 'open', url: `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/chat/abc` });
    await tick();
    servers[0].handlers.onOpen();
    servers[0].handlers.onText('a');
    servers[0].handlers.onText('b');
    await tick();
    expect(port.posted).toEqual([{ type: 'open', onThread: true }, { type: 'texts', data: ['a', 'b'] }]);
  });
});

describe('startOffscreenRelay', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  /** Starts the relay as the offscreen document does, then asks it for a socket the way the background does. */
  function openThroughRelay() {
    const port = fakeRuntimePort('socket-relay:t1', undefined);
    vi.spyOn(browser.runtime, 'connect').mockReturnValue(asPort(port));
    startOffscreenRelay();
    void fakeBrowser.runtime.onMessage.trigger({ type: RELAY_CONNECT, token: 't1' }, { id: browser.runtime.id, url: `chrome-extension://${browser.runtime.id}/background.js` });
    port.onMessage.trigger({ type: 'open', url: `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/chat/abc` });
    return port;
  }

  it('runs the sockets on one worker thread, /socket-thread.js', () => {
    const workers: { url: string; posted: unknown[] }[] = [];
    vi.stubGlobal(
      'Worker',
      class {
        posted: unknown[] = [];
        constructor(url: string) {
          workers.push(this as unknown as { url: string; posted: unknown[] });
          (this as unknown as { url: string }).url = url;
        }
        postMessage(message: unknown) {
          this.posted.push(message);
        }
        addEventListener() {}
      },
    );
    openThroughRelay();
    expect(workers.map((w) => w.url)).toEqual(['/socket-thread.js']);
    expect(workers[0].posted).toEqual([{ id: 1, type: 'open', url: `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/chat/abc` }]);
  });

  it('keeps the socket on the document where a worker cannot start', () => {
    vi.stubGlobal('Worker', class {
      constructor() {
        throw new Error('no workers here');
      }
    });
    const opened: string[] = [];
    vi.stubGlobal(
      'WebSocket',
      class {
        static OPEN = 1;
        constructor(url: string) {
          opened.push(url);
        }
        close() {}
      },
    );
    openThroughRelay();
    expect(opened).toEqual([`${socketOrigin(PLAYGROUND_ORIGIN)}/agents/chat/abc`]);
  });
});
