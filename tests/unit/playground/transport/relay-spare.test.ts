// Issue #16: when the relay document is already up, a port is made ready ahead of the first socket
// (prepareRelayPort), so that socket skips the document → worker connect handshake. It never creates
// the document, opens no socket, and a spare nobody takes is let go.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { acceptRelayPort, prepareRelayPort, RELAY_PAGE, relaySocket, SPARE_PORT_MS, type RelayConnectRequest } from '@/lib/playground/socket-relay';

function fakePort(name: string) {
  const disconnected: (() => void)[] = [];
  const port = {
    name,
    sender: { id: browser.runtime.id, url: `chrome-extension://${browser.runtime.id}${RELAY_PAGE}` },
    postMessage: vi.fn(),
    disconnect: vi.fn(),
    onMessage: { addListener: vi.fn() },
    onDisconnect: { addListener: (l: () => void) => disconnected.push(l) },
    /** The document went away (closed, or its end disconnected). */
    drop: () => disconnected.forEach((l) => l()),
  };
  return port;
}

let hasDocument = false;
let ports: ReturnType<typeof fakePort>[] = [];
const offscreen = {
  Reason: { WORKERS: 'WORKERS' },
  hasDocument: vi.fn(() => Promise.resolve(hasDocument)),
  createDocument: vi.fn(() => {
    hasDocument = true;
    return Promise.resolve();
  }),
  closeDocument: vi.fn(() => {
    hasDocument = false;
    return Promise.resolve();
  }),
};

beforeEach(() => {
  vi.useFakeTimers();
  ports = [];
  for (const fn of [offscreen.hasDocument, offscreen.createDocument, offscreen.closeDocument]) fn.mockClear();
  vi.stubGlobal('chrome', { offscreen });
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((message: unknown) => {
    const port = fakePort(`socket-relay:${(message as RelayConnectRequest).token}`);
    ports.push(port);
    acceptRelayPort(port as unknown as Browser.runtime.Port);
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const handlers = () => ({ onOpen: vi.fn(), onText: vi.fn(), onClose: vi.fn() });
const opened = (port: ReturnType<typeof fakePort>) => port.postMessage.mock.calls.filter(([c]) => (c as { type: string }).type === 'open').length;

describe('a spare relay port', () => {
  it('is ready before the socket and taken by it: one port, one connect request', async () => {
    hasDocument = true;
    await prepareRelayPort();
    await vi.advanceTimersByTimeAsync(5);
    expect(ports).toHaveLength(1);
    expect(opened(ports[0])).toBe(0); // nothing reaches the network until a socket asks
    const socket = relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(5);
    expect(ports).toHaveLength(1);
    expect(opened(ports[0])).toBe(1);
    expect(offscreen.createDocument).not.toHaveBeenCalled();
    socket.close();
    // Only one spare at a time, and a taken spare is never let go by its timer.
    await vi.advanceTimersByTimeAsync(SPARE_PORT_MS + 10);
    expect(ports[0].disconnect).toHaveBeenCalledTimes(1); // by the socket's close, not by the timer
  });

  it('never creates the document: without one there is no spare', async () => {
    hasDocument = false;
    await prepareRelayPort();
    await vi.advanceTimersByTimeAsync(5);
    expect(ports).toHaveLength(0);
    expect(offscreen.createDocument).not.toHaveBeenCalled();
  });

  it('is let go after SPARE_PORT_MS unused, and the next socket gets its own port', async () => {
    hasDocument = true;
    await prepareRelayPort();
    await vi.advanceTimersByTimeAsync(SPARE_PORT_MS + 10);
    expect(ports[0].disconnect).toHaveBeenCalledTimes(1);
    relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(5);
    expect(ports).toHaveLength(2);
    expect(opened(ports[1])).toBe(1);
  });

  it('a spare whose document went away is not used', async () => {
    hasDocument = true;
    await prepareRelayPort();
    await vi.advanceTimersByTimeAsync(5);
    ports[0].drop();
    relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(5);
    expect(opened(ports[0])).toBe(0);
    expect(ports).toHaveLength(2);
    expect(opened(ports[1])).toBe(1);
  });
});
