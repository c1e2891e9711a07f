// The emulator's network latency (tests/emulator/latency.ts, issue #16): a fixed one-way delay on
// HTTP, on the socket upgrade and on every frame, changed at run time by the config knob.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DelayQueue } from '../../emulator/latency';
import { startEmulator, type Emulator } from '../../emulator/server';
import { chatRequest, sleep, TestSocket } from './helpers';

const PK = '8d12cf05-08af-4956-b2b1-1a26a62093b1';
let emu: Emulator;
let seq = 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0, latencyMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.configure({ latencyMs: 0 }));

async function timeGet(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${emu.origin}/`, { headers: { connection: 'close' } });
  await res.text();
  expect(res.status).toBe(200);
  return performance.now() - t0;
}

async function openSocket(): Promise<{ s: TestSocket; upgradeMs: number }> {
  const t0 = performance.now();
  const s = await TestSocket.open(`${emu.origin.replace('http', 'ws')}/agents/playground/latency-${++seq}?_pk=${PK}`);
  const upgradeMs = performance.now() - t0;
  await s.until(() => s.frames.length >= 3);
  return { s, upgradeMs };
}

describe('emulator latency line', () => {
  it('delays an HTTP request and its response by the one-way delay each (one round trip = 2 × latencyMs)', async () => {
    await timeGet(); // the first fetch pays for undici's start-up
    emu.configure({ latencyMs: 60 });
    const slow = await timeGet();
    // TCP connect is not delayed (no bytes), the request and the response are: ≥ 120 ms.
    expect(slow).toBeGreaterThanOrEqual(118);
  });

  it('delays the socket upgrade and every frame in both directions', async () => {
    emu.configure({ latencyMs: 50 });
    const { s, upgradeMs } = await openSocket();
    expect(upgradeMs).toBeGreaterThanOrEqual(98);
    // A chat request out and its first answer frame back: one more round trip.
    const before = s.frames.length;
    const t0 = performance.now();
    s.send(chatRequest('req-1', [{ id: 'u1', role: 'user', text: 'hi' }]));
    await s.until(() => s.frames.length > before);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(98);
    s.close();
  });

  it('the knob applies to an open connection', async () => {
    // Opened without delay, then slowed: the next round trip pays the new delay both ways. (A lower
    // bound only: "faster than N ms" would fail on a busy machine.)
    const { s } = await openSocket();
    emu.configure({ latencyMs: 200 });
    const before = s.frames.length;
    const t0 = performance.now();
    s.send(chatRequest('req-2', [{ id: 'u1', role: 'user', text: 'hi' }]));
    await s.until(() => s.frames.length > before);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(398);
    s.close();
  });

  it('keeps working across a restart', async () => {
    emu.configure({ latencyMs: 20 });
    await emu.restart(50);
    expect(await timeGet()).toBeGreaterThanOrEqual(38);
  });

  it('rejects a bad knob value, and latency on an emulator started without the line', async () => {
    expect(() => emu.configure({ latencyMs: -1 })).toThrow(/latencyMs/);
    const plain = await startEmulator({ port: 0, mode: 'ws' });
    try {
      expect(() => plain.configure({ latencyMs: 40 })).toThrow(/latencyMs option/);
      expect(plain.config.latencyMs).toBe(0);
    } finally {
      await plain.close();
    }
  });
});

describe('DelayQueue', () => {
  it('keeps chunk order when the delay drops between two chunks', async () => {
    let delay = 40;
    const got: string[] = [];
    const q = new DelayQueue(
      () => delay,
      (chunk) => got.push(chunk === null ? 'END' : chunk.toString()),
    );
    q.push(Buffer.from('a'));
    delay = 0;
    q.push(Buffer.from('b'));
    q.push(null);
    expect(got).toEqual([]);
    await sleep(80);
    expect(got).toEqual(['a', 'b', 'END']);
  });

  it('delivers at once when the delay is 0 and nothing is waiting', () => {
    const got: string[] = [];
    const q = new DelayQueue(
      () => 0,
      (chunk) => got.push(String(chunk)),
    );
    q.push(Buffer.from('x'));
    expect(got).toEqual(['x']);
  });
});
