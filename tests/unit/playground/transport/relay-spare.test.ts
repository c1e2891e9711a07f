// Issue #16: when the relay document is already up, a port is made ready ahead of the first socket
// (prepareRelayPort), so that socket skips the document → worker connect handshake. It never creates
// the document, opens no socket, and a spare nobody takes is let go.
import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { prepareRelayPort, relaySocket, SPARE_CONNECT_MS, SPARE_PORT_MS } from '@/lib/playground/socket-relay';
import { useFakeRelayDocument, type FakeRelayPort } from './relay-fakes';

const relay = useFakeRelayDocument();
const offscreen = relay.offscreen;

const handlers = () => ({ onOpen: vi.fn(), onText: vi.fn(), onClose: vi.fn() });
const opened = (port: FakeRelayPort) => port.postMessage.mock.calls.filter(([c]) => (c as { type: string }).type === 'open').length;

describe('a spare relay port', () => {
  it('is ready before the socket and taken by it: one port, one connect request', async () => {
    relay.hasDocument = true;
    prepareRelayPort();
    await vi.advanceTimersByTimeAsync(5);
    expect(relay.ports).toHaveLength(1);
    expect(opened(relay.ports[0])).toBe(0); // nothing reaches the network until a socket asks
    const socket = relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(5);
    expect(relay.ports).toHaveLength(1);
    expect(opened(relay.ports[0])).toBe(1);
    expect(offscreen.createDocument).not.toHaveBeenCalled();
    socket.close();
    // Only one spare at a time, and a taken spare is never let go by its timer.
    await vi.advanceTimersByTimeAsync(SPARE_PORT_MS + 10);
    expect(relay.ports[0].disconnect).toHaveBeenCalledTimes(1); // by the socket's close, not by the timer
  });

  it('is asked for at once, not after offscreen.hasDocument() answers (the worker\'s first turn)', async () => {
    relay.hasDocument = true;
    prepareRelayPort();
    // Synchronously: in a worker's first turn, the request reaches the document during the turn.
    expect(browser.runtime.sendMessage).toHaveBeenCalledOnce();
    expect(offscreen.hasDocument).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SPARE_PORT_MS + 10); // let it go (module state)
  });

  it('without a document: no spare, and the first socket creates the document and gets its own port', async () => {
    prepareRelayPort();
    const onClose = vi.fn();
    relaySocket('ws://x/agents/a', { ...handlers(), onClose });
    await vi.advanceTimersByTimeAsync(5);
    expect(offscreen.createDocument).toHaveBeenCalledOnce();
    expect(relay.ports).toHaveLength(1);
    expect(opened(relay.ports[0])).toBe(1);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('a document that never connects the spare: the socket waits SPARE_CONNECT_MS at most, then gets its own port', async () => {
    relay.hasDocument = true;
    vi.mocked(browser.runtime.sendMessage).mockResolvedValueOnce(undefined); // answered, no port
    prepareRelayPort();
    relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(SPARE_CONNECT_MS - 10);
    expect(relay.ports).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(relay.ports).toHaveLength(1);
    expect(opened(relay.ports[0])).toBe(1);
  });

  it('never creates the document: without one there is no spare', async () => {
    relay.hasDocument = false;
    prepareRelayPort();
    await vi.advanceTimersByTimeAsync(5);
    expect(relay.ports).toHaveLength(0);
    expect(offscreen.createDocument).not.toHaveBeenCalled();
  });

  it('is let go after SPARE_PORT_MS unused, and the next socket gets its own port', async () => {
    relay.hasDocument = true;
    prepareRelayPort();
    await vi.advanceTimersByTimeAsync(SPARE_PORT_MS + 10);
    expect(relay.ports[0].disconnect).toHaveBeenCalledTimes(1);
    relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(5);
    expect(relay.ports).toHaveLength(2);
    expect(opened(relay.ports[1])).toBe(1);
  });

  it('a spare whose document went away is not used', async () => {
    relay.hasDocument = true;
    prepareRelayPort();
    await vi.advanceTimersByTimeAsync(5);
    relay.ports[0].drop();
    relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(5);
    expect(opened(relay.ports[0])).toBe(0);
    expect(relay.ports).toHaveLength(2);
    expect(opened(relay.ports[1])).toBe(1);
  });
});
