import { describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { acceptRelayPort, portSocket, RELAY_CONNECT, RELAY_PAGE, RELAY_PORT, requestRelayPort, type RelayEvent } from '@/lib/playground/socket-relay';

function fakePort() {
  const listeners = { message: [] as ((m: unknown) => void)[], disconnect: [] as (() => void)[] };
  const port = {
    name: 'socket-relay',
    posted: [] as unknown[],
    postMessage: vi.fn((m: unknown) => void port.posted.push(m)),
    disconnect: vi.fn(),
    onMessage: { addListener: (l: (m: unknown) => void) => listeners.message.push(l) },
    onDisconnect: { addListener: (l: () => void) => listeners.disconnect.push(l) },
    emit: (event: RelayEvent) => listeners.message.forEach((l) => l(event)),
    drop: () => listeners.disconnect.forEach((l) => l()),
  };
  return port;
}

const handlers = () => ({ onOpen: vi.fn(), onText: vi.fn(), onClose: vi.fn() });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('portSocket (offscreen and tab relays)', () => {
  it('opens through the port, queues sends made before it connects, relays events', async () => {
    const port = fakePort();
    const h = handlers();
    const socket = portSocket(() => Promise.resolve(port as unknown as Browser.runtime.Port), 'test')('ws://x/agents/a', h);
    socket.send('early');
    await tick();
    expect(port.posted).toEqual([{ type: 'open', url: 'ws://x/agents/a' }, { type: 'send', data: 'early' }]);
    port.emit({ type: 'open' });
    port.emit({ type: 'text', data: '{"type":"x"}' });
    port.emit({ type: 'texts', data: ['1', '2'] });
    expect(h.onOpen).toHaveBeenCalledTimes(1);
    expect(h.onText.mock.calls.map(([d]) => d)).toEqual(['{"type":"x"}', '1', '2']);
    port.emit({ type: 'close', code: 1000, reason: 'bye', opened: true });
    port.drop();
    expect(h.onClose).toHaveBeenCalledTimes(1);
    expect(h.onClose).toHaveBeenCalledWith({ code: 1000, reason: 'bye', opened: true });
  });

  it('reports a dropped port as an abnormal close, once', async () => {
    const port = fakePort();
    const h = handlers();
    portSocket(() => Promise.resolve(port as unknown as Browser.runtime.Port), 'test')('ws://x/agents/a', h);
    await tick();
    port.drop();
    port.drop();
    expect(h.onClose).toHaveBeenCalledTimes(1);
    expect(h.onClose).toHaveBeenCalledWith({ code: 1006, reason: 'test disconnected', opened: false });
  });

  it('reports a host that cannot be reached as a socket that never opened', async () => {
    const h = handlers();
    portSocket(() => Promise.reject(new Error('no tab')), 'tab')('ws://x/agents/a', h);
    await tick();
    expect(h.onClose).toHaveBeenCalledWith({ code: 1006, reason: 'tab unavailable: Error: no tab', opened: false });
  });

  it('closing before the port connects never opens it', async () => {
    const port = fakePort();
    const h = handlers();
    const socket = portSocket(() => Promise.resolve(port as unknown as Browser.runtime.Port), 'test')('ws://x/agents/a', h);
    socket.close(1000, 'done');
    await tick();
    expect(port.posted).toEqual([]);
    expect(port.disconnect).toHaveBeenCalled();
    expect(h.onClose).toHaveBeenCalledTimes(1);
  });
});

describe('offscreen relay ports: the document connects on request (never receives other ports)', () => {
  const ID = 'abcdefghijklmnopabcdefghijklmnop';
  const relayPort = (name: string, sender: Partial<Browser.runtime.MessageSender>) => ({ ...fakePort(), name, sender }) as unknown as Browser.runtime.Port;

  it('requestRelayPort asks with a token and resolves with the port the relay page opens for it', async () => {
    const sendMessage = vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue(undefined);
    try {
      const pending = requestRelayPort(1_000);
      await tick();
      const sent = sendMessage.mock.calls.map((call) => call[0] as unknown);
      const { token } = sent[0] as { type: string; token: string };
      expect(sent[0]).toEqual({ type: RELAY_CONNECT, token: expect.any(String) });
      // A port for another token, or from another page, is refused and does not resolve it.
      const stranger = relayPort(`${RELAY_PORT}:${token}`, { id: ID, url: `chrome-extension://${ID}/sidepanel.html` });
      expect(acceptRelayPort(stranger, ID)).toBe(true);
      expect(stranger.disconnect).toHaveBeenCalled();
      const wrongToken = relayPort(`${RELAY_PORT}:nope`, { id: ID, url: `chrome-extension://${ID}${RELAY_PAGE}` });
      expect(acceptRelayPort(wrongToken, ID)).toBe(true);
      expect(wrongToken.disconnect).toHaveBeenCalled();
      const good = relayPort(`${RELAY_PORT}:${token}`, { id: ID, url: `chrome-extension://${ID}${RELAY_PAGE}` });
      expect(acceptRelayPort(good, ID)).toBe(true);
      await expect(pending).resolves.toBe(good);
      expect(good.disconnect).not.toHaveBeenCalled();
      // Chat ports are not relay ports.
      expect(acceptRelayPort(relayPort('chat', { id: ID }), ID)).toBe(false);
    } finally {
      sendMessage.mockRestore();
    }
  });

  it('retries while the relay page is still loading, and gives up after the timeout', async () => {
    const sendMessage = vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    try {
      await expect(requestRelayPort(200)).rejects.toThrow(/did not connect|Receiving end/);
      expect(sendMessage.mock.calls.length).toBeGreaterThan(1);
    } finally {
      sendMessage.mockRestore();
    }
  });
});
