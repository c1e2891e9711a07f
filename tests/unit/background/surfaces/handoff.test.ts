import { describe, expect, it, vi } from 'vitest';
import { HANDOFF_TTL_MS } from '@/lib/shared/limits';
import { HANDOFF_PREFIX, HandoffConsumer, putHandoff, takeHandoffs, type HandoffArea } from '@/lib/background/surfaces/handoff';
import type { Handoff } from '@/lib/protocol/handoff';

function memoryArea(): HandoffArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: () => Promise.resolve(Object.fromEntries(data)),
    set: (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
      return Promise.resolve();
    },
    remove: (keys) => {
      for (const k of [keys].flat()) data.delete(k);
      return Promise.resolve();
    },
  };
}

describe('handoff queue (storage.session)', () => {
  it('a handoff is taken once, by its own window only', async () => {
    const area = memoryArea();
    await putHandoff(area, { kind: 'prompt', text: 'for window 1', windowId: 1 }, 1000);
    await putHandoff(area, { kind: 'prompt', text: 'for window 2', windowId: 2 }, 1001);
    const first = await takeHandoffs(area, { windowId: 1 }, 1002);
    expect(first.map((h) => (h.kind === 'prompt' ? h.text : ''))).toEqual(['for window 1']);
    expect(await takeHandoffs(area, { windowId: 1 }, 1003)).toEqual([]);
    expect((await takeHandoffs(area, { windowId: 2 }, 1004)).length).toBe(1);
    expect(area.data.size).toBe(0);
  });

  it('stale entries (older than 2 minutes) expire unread, for every window', async () => {
    const area = memoryArea();
    await putHandoff(area, { kind: 'prompt', text: 'old', windowId: 1 }, 0);
    await putHandoff(area, { kind: 'prompt', text: 'old other', windowId: 9 }, 0);
    expect(await takeHandoffs(area, { windowId: 1 }, HANDOFF_TTL_MS + 1)).toEqual([]);
    expect(area.data.size).toBe(0);
    // Writing also sweeps.
    await putHandoff(area, { kind: 'prompt', text: 'old', windowId: 3 }, 0);
    await putHandoff(area, { kind: 'prompt', text: 'new', windowId: 4 }, HANDOFF_TTL_MS + 10);
    expect([...area.data.keys()].length).toBe(1);
  });

  it('returns oldest first and can target one handoff id (the panel page opened in a tab)', async () => {
    const area = memoryArea();
    const b = await putHandoff(area, { kind: 'prompt', text: 'b', windowId: 1 }, 20);
    await putHandoff(area, { kind: 'prompt', text: 'a', windowId: 1 }, 10);
    const byId = await takeHandoffs(area, { handoffId: b.id }, 30);
    expect(byId.map((h) => h.id)).toEqual([b.id]);
    const tab = await putHandoff(area, { kind: 'prompt', text: 'tab' }, 40);
    expect((await takeHandoffs(area, { windowId: 1 }, 50)).map((h) => (h.kind === 'prompt' ? h.text : ''))).toEqual(['a']);
    expect(area.data.has(HANDOFF_PREFIX + tab.id)).toBe(true);
  });

  it('the consumer handles each handoff exactly once across overlapping pumps (mount + onChanged)', async () => {
    const area = memoryArea();
    const handled: Handoff[] = [];
    const consumer = new HandoffConsumer(area, () => Promise.resolve({ windowId: 7 }), (h) => void handled.push(h), () => 5000);
    await putHandoff(area, { kind: 'ask', context: 'ctx', windowId: 7 }, 4990);
    await Promise.all([consumer.pump(), consumer.pump(), consumer.pump()]);
    expect(handled).toHaveLength(1);
    // Storage handing the same entry back (a second writer re-adding it) does not repeat it.
    await area.set({ [HANDOFF_PREFIX + handled[0].id]: handled[0] });
    await consumer.pump();
    expect(handled).toHaveLength(1);
  });

  it('a handler failure is logged, not lost silently, and later handoffs still flow', async () => {
    const area = memoryArea();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let calls = 0;
    const consumer = new HandoffConsumer(area, () => Promise.resolve({ windowId: 1 }), () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    }, () => 100);
    await putHandoff(area, { kind: 'prompt', text: 'x', windowId: 1 }, 100);
    await consumer.pump();
    await putHandoff(area, { kind: 'prompt', text: 'y', windowId: 1 }, 100);
    await consumer.pump();
    expect(calls).toBe(2);
    expect(error).toHaveBeenCalledOnce();
  });
});
