import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { portSocket, type RelayEvent } from '@/lib/playground/socket-relay';

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
