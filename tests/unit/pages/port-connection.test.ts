// The page's port connection (issue #11 item 13): a background that keeps closing the port must
// not cause a reconnect storm; the backoff starts over only after a connection became stable, and
// a send while the port is down still reconnects at once (cold start).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PortConnection } from '@/lib/pages/port-connection';
import { fakePort, type FakePort } from './harness';

let ports: FakePort[];

beforeEach(() => {
  vi.useFakeTimers();
  ports = [];
});
afterEach(() => vi.useRealTimers());

/** A background that accepts the port, then closes it after `lifeMs` (answering first when told to). */
function connection(lifeMs: number, answer = false) {
  const handlers = { opened: vi.fn(), message: vi.fn(), dropped: vi.fn() };
  const conn = new PortConnection<{ type: string }>('chat', handlers, {
    connect: () => {
      const port = fakePort();
      ports.push(port);
      if (answer) setTimeout(() => port.onMessage.trigger({ type: 'models-listed' }), 0);
      setTimeout(() => port.onDisconnect.trigger(), lifeMs);
      return port;
    },
  });
  return { conn, handlers };
}

describe('port connection backoff', () => {
  it('a port closed again and again right after connecting is reopened a few times a second at most, not hundreds', async () => {
    const { conn } = connection(2);
    conn.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ports.length).toBeLessThanOrEqual(4);
    await vi.advanceTimersByTimeAsync(9000);
    // 0, 250, 500, 1000, 2000, 5000 ms steps: about seven connects in ten seconds.
    expect(ports.length).toBeLessThanOrEqual(8);
    conn.close();
  });

  it('a connection that stayed up past the stability mark restarts the backoff', async () => {
    const { conn } = connection(1500);
    conn.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(ports).toHaveLength(1);
    // The connection lasted past the stability mark: the next reconnect is immediate (a restarted worker).
    await vi.advanceTimersByTimeAsync(1);
    expect(ports).toHaveLength(2);
    conn.close();
  });

  it('a connection that received a message counts as stable: the reconnect after it is immediate', async () => {
    const { conn } = connection(20, true);
    conn.start();
    await vi.advanceTimersByTimeAsync(21);
    expect(ports).toHaveLength(2);
    conn.close();
  });

  it('a send while the port is down reconnects at once, even during the backoff', async () => {
    const { conn } = connection(2);
    conn.start();
    await vi.advanceTimersByTimeAsync(3);
    expect(ports).toHaveLength(1);
    conn.send({ type: 'network-online' });
    expect(ports).toHaveLength(2);
    expect(ports[1].posted).toEqual([{ type: 'network-online' }]);
    conn.close();
  });
});
