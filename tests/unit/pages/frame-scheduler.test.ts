// The panel's delta scheduler (lib/pages/message-states.ts, issue #16): at once when idle, one
// flush per frame while a stream runs, and a costly flush makes the next one wait.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BURST_CHARS, frameScheduler, MessageStates, RENDER_COST_FACTOR } from '@/lib/pages/message-states';

function frames() {
  const queue: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => queue.push(cb));
  return {
    run() {
      for (const cb of queue.splice(0)) cb(0);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('frameScheduler', () => {
  it('runs at once when idle, then waits for the next frame while flushes keep coming', async () => {
    const frame = frames();
    const schedule = frameScheduler(() => 0);
    const ran: string[] = [];
    schedule(() => void ran.push('first'));
    await Promise.resolve();
    expect(ran).toEqual(['first']);
    schedule(() => void ran.push('second'));
    await Promise.resolve();
    expect(ran).toEqual(['first']);
    frame.run();
    expect(ran).toEqual(['first', 'second']);
    frame.run(); // a frame with nothing to do: idle again
    schedule(() => void ran.push('third'));
    await Promise.resolve();
    expect(ran).toEqual(['first', 'second', 'third']);
  });

  it('a burst flush that cost C ms holds the next one back for RENDER_COST_FACTOR × C', async () => {
    vi.useFakeTimers();
    const frame = frames();
    let clock = 1000;
    const schedule = frameScheduler(() => clock);
    const ran: string[] = [];
    schedule(() => {
      ran.push('costly');
      clock += 10; // this flush took 10 ms
      return true; // and applied a burst of deltas
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(ran).toEqual(['costly']);
    frame.run();
    frame.run(); // frames go by: the page looks idle, but the allowance is not spent yet
    schedule(() => void ran.push('next'));
    await Promise.resolve();
    frame.run();
    expect(ran).toEqual(['costly']);
    clock += RENDER_COST_FACTOR * 10;
    vi.advanceTimersByTime(RENDER_COST_FACTOR * 10);
    frame.run();
    expect(ran).toEqual(['costly', 'next']);
  });

  it('a lone delta is never held back, however long its flush took (a slow stream, a busy machine)', async () => {
    const frame = frames();
    let clock = 1000;
    const schedule = frameScheduler(() => clock);
    const ran: string[] = [];
    schedule(() => {
      ran.push('slow');
      clock += 50;
    });
    await Promise.resolve();
    await Promise.resolve();
    frame.run();
    schedule(() => void ran.push('next'));
    await Promise.resolve();
    expect(ran).toEqual(['slow', 'next']);
  });

  it('the message list calls a flush a burst: several delta messages, or one with many characters', () => {
    const queued: (() => boolean | void)[] = [];
    const list = new MessageStates((flush) => void queued.push(flush), () => undefined);
    const flushNext = () => queued.shift()!();
    list.bufferDelta('a1', 'text', 'one token');
    const bursts = [flushNext()];
    list.bufferDelta('a1', 'text', 'x'.repeat(BURST_CHARS + 1));
    bursts.push(flushNext());
    list.bufferDelta('a1', 'text', 'two ');
    list.bufferDelta('a1', 'text', 'tokens');
    bursts.push(flushNext());
    expect(bursts).toEqual([false, true, true]);
  });
});
