// The offscreen relay document is closed after its last socket closes and a short idle delay (issue #11).
import { describe, expect, it, vi } from 'vitest';
import { RELAY_IDLE_MS, relaySocket } from '@/lib/playground/socket-relay';
import { useFakeRelayDocument } from './relay-fakes';

const relay = useFakeRelayDocument();
const offscreen = relay.offscreen;

const handlers = () => ({ onOpen: vi.fn(), onText: vi.fn(), onClose: vi.fn() });

describe('offscreen relay document lifetime', () => {
  it('stays while any relay socket is open, closes RELAY_IDLE_MS after the last one closes', async () => {
    const a = relaySocket('ws://x/agents/a', handlers());
    const b = relaySocket('ws://x/agents/b', handlers());
    await vi.advanceTimersByTimeAsync(10);
    expect(offscreen.createDocument).toHaveBeenCalledTimes(1);
    a.close();
    await vi.advanceTimersByTimeAsync(RELAY_IDLE_MS * 2);
    expect(offscreen.closeDocument).not.toHaveBeenCalled(); // b still uses it
    b.close();
    await vi.advanceTimersByTimeAsync(RELAY_IDLE_MS - 100);
    expect(offscreen.closeDocument).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(offscreen.closeDocument).toHaveBeenCalledTimes(1);
    expect(RELAY_IDLE_MS).toBeLessThan(30_000); // before Chrome stops the idle worker (and its timer)
  });

  it('a socket opened during the idle delay keeps the document, and a new one is created after a close', async () => {
    const a = relaySocket('ws://x/agents/a', handlers());
    await vi.advanceTimersByTimeAsync(10);
    a.close();
    await vi.advanceTimersByTimeAsync(RELAY_IDLE_MS / 2);
    const b = relaySocket('ws://x/agents/b', handlers());
    await vi.advanceTimersByTimeAsync(RELAY_IDLE_MS * 2);
    expect(offscreen.closeDocument).not.toHaveBeenCalled();
    expect(offscreen.createDocument).toHaveBeenCalledTimes(1); // reused
    b.close();
    await vi.advanceTimersByTimeAsync(RELAY_IDLE_MS + 10);
    expect(offscreen.closeDocument).toHaveBeenCalledTimes(1);
    const c = relaySocket('ws://x/agents/c', handlers());
    await vi.advanceTimersByTimeAsync(10);
    expect(offscreen.createDocument).toHaveBeenCalledTimes(2);
    c.close();
  });

  it('a socket that fails to connect also counts as closed', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist'));
    const h = handlers();
    relaySocket('ws://x/agents/a', h);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.onClose).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RELAY_IDLE_MS + 10);
    expect(offscreen.closeDocument).toHaveBeenCalledTimes(1);
  });
});
