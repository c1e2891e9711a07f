// The relay host (offscreen document / playground-tab content script): it may only be driven by our
// own background, may only open sockets to the build-time playground, batches frames, and closes
// its socket when the worker goes away (issue #11: the relay host had no tests).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { socketOrigin } from '@/lib/shared/manifest-origin';
import type { SocketHandlers } from '@/lib/playground/socket';
import { asPort, EXT_ID, EXT_ORIGIN, fakeRuntimePort } from '../background/port-fakes';

interface FakeSocket {
  url: string;
  handlers: SocketHandlers;
  sent: string[];
  closed: { code?: number; reason?: string } | null;
}
const sockets: FakeSocket[] = [];
vi.mock('@/lib/playground/socket', () => ({
  directSocket: (url: string, handlers: SocketHandlers) => {
    const socket: FakeSocket = { url, handlers, sent: [], closed: null };
    sockets.push(socket);
    return { send: (data: string) => void socket.sent.push(data), close: (code?: number, reason?: string) => void (socket.closed = { code, reason }) };
  },
}));

const { attachRelayPort, isRelaySender } = await import('@/lib/playground/socket-relay-host');

const AGENTS = `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/chat/abc`;
const WORKER = { id: EXT_ID, url: `${EXT_ORIGIN}/background.js` };

beforeEach(() => void (sockets.length = 0));

describe('isRelaySender', () => {
  it.each([
    ['the Chrome service worker', WORKER, true],
    ['the Firefox background page', { id: EXT_ID, url: `${EXT_ORIGIN}/_generated_background_page.html` }, true],
    ['our side panel (a page, not the background)', { id: EXT_ID, url: `${EXT_ORIGIN}/sidepanel.html` }, false],
    ['another extension', { id: 'otherextensionidotherextensionid', url: 'chrome-extension://otherextensionidotherextensionid/background.js' }, false],
    ['a content script in a tab', { id: EXT_ID, url: `${EXT_ORIGIN}/background.js`, tab: { id: 3 } }, false],
    ['no url', { id: EXT_ID }, false],
    ['no sender', undefined, false],
  ])('%s → %s', (_name, sender, expected) => {
    expect(isRelaySender(sender as never, EXT_ID)).toBe(expected);
  });
});

describe('attachRelayPort', () => {
  it('refuses a socket to anywhere but the playground agents route: disconnects, opens nothing', () => {
    for (const url of ['wss://evil.example/agents/x', `${socketOrigin(PLAYGROUND_ORIGIN)}/other`, `${socketOrigin(PLAYGROUND_ORIGIN)}.evil.example/agents/x`]) {
      const port = fakeRuntimePort('socket-relay:t', WORKER);
      attachRelayPort(asPort(port));
      port.onMessage.trigger({ type: 'open', url });
      expect(port.disconnect).toHaveBeenCalled();
    }
    expect(sockets).toHaveLength(0);
  });

  it('opens one socket, relays sends, batches frames that arrive together, reports the close', async () => {
    const port = fakeRuntimePort('socket-relay:t', WORKER);
    attachRelayPort(asPort(port));
    port.onMessage.trigger({ type: 'open', url: AGENTS });
    port.onMessage.trigger({ type: 'open', url: AGENTS }); // a second open is ignored
    expect(sockets).toHaveLength(1);
    const socket = sockets[0];
    socket.handlers.onOpen?.();
    port.onMessage.trigger({ type: 'send', data: 'hello' });
    expect(socket.sent).toEqual(['hello']);
    socket.handlers.onText('a');
    socket.handlers.onText('b');
    await new Promise((r) => setTimeout(r, 5));
    socket.handlers.onText('c');
    await new Promise((r) => setTimeout(r, 5));
    socket.handlers.onClose({ code: 1000, reason: 'bye', opened: true });
    expect(port.posted).toEqual([
      { type: 'open' },
      { type: 'texts', data: ['a', 'b'] },
      { type: 'text', data: 'c' },
      { type: 'close', code: 1000, reason: 'bye', opened: true },
    ]);
    expect(port.disconnect).toHaveBeenCalled();
  });

  it('flushes pending frames before the close, so nothing is lost at the end of a stream', () => {
    const port = fakeRuntimePort('socket-relay:t', WORKER);
    attachRelayPort(asPort(port));
    port.onMessage.trigger({ type: 'open', url: AGENTS });
    sockets[0].handlers.onText('last');
    sockets[0].handlers.onClose({ code: 1006, reason: '', opened: true });
    expect(port.posted.map((m) => m.type)).toEqual(['text', 'close']);
  });

  it('closes the socket when the worker goes away (port disconnected)', () => {
    const port = fakeRuntimePort('socket-relay:t', WORKER);
    attachRelayPort(asPort(port));
    port.onMessage.trigger({ type: 'open', url: AGENTS });
    port.onDisconnect.trigger();
    expect(sockets[0].closed).toEqual({ code: 1000, reason: 'worker gone' });
  });

  it('ignores malformed commands', () => {
    const port = fakeRuntimePort('socket-relay:t', WORKER);
    attachRelayPort(asPort(port));
    port.onMessage.trigger({ type: 'open', url: 42 });
    port.onMessage.trigger({ type: 'send', data: { not: 'text' } });
    port.onMessage.trigger(null);
    expect(sockets).toHaveLength(0);
  });
});
