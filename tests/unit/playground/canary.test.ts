// Issue #14: the protocol canary keeps a bounded, deduplicated, redacted ring in storage.local.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CANARY_KEY, CANARY_LIMIT, SAMPLE_CHARS, clearCanary, markCanarySeen, readCanary, recordUnknown } from '@/lib/playground/canary';

const MARKER = 'ZQX-SECRET-7731';

describe('recordUnknown', () => {
  it('keeps at most the last 50 shapes, oldest dropped first', async () => {
    for (let i = 0; i < CANARY_LIMIT + 15; i++) {
      void recordUnknown('ws-frame', { type: `cf_agent_future_${i}` }, 1000 + i);
    }
    await recordUnknown('ws-frame', { type: 'cf_agent_future_last' }, 5000);
    const { records } = await readCanary();
    expect(records).toHaveLength(CANARY_LIMIT);
    expect(records[0].shape).toContain('cf_agent_future_16');
    expect(records.at(-1)!.shape).toContain('cf_agent_future_last');
  });

  it('dedups by shape: same structure, different text → one record with a count', async () => {
    await recordUnknown('ws-frame', { type: 'cf_agent_thought', text: 'first words here' }, 10);
    await recordUnknown('ws-frame', { type: 'cf_agent_thought', text: 'other words' }, 20);
    await recordUnknown('ui-chunk', { type: 'cf_agent_thought', text: 'x' }, 30);
    const { records } = await readCanary();
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ kind: 'ws-frame', count: 2, firstSeen: 10, lastSeen: 20 });
    expect(records[0].sample).toBe('{"type":"cf_agent_thought","text":"<16 chars>"}');
  });

  it('truncates each sample to ~500 characters', async () => {
    const wide = Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`field_number_${i}`, i * 1000003]));
    await recordUnknown('rpc-reply', { type: 'rpc', ...wide });
    const { records } = await readCanary();
    expect(records[0].sample.length).toBeLessThanOrEqual(SAMPLE_CHARS);
    expect(records[0].sample.endsWith('…')).toBe(true);
  });

  it('stores no conversation text: model output becomes its length, in frames, bodies, lines and SSE', async () => {
    await recordUnknown('ws-frame', JSON.stringify({ type: 'cf_agent_use_chat_response_v2', body: JSON.stringify({ type: 'text-delta', delta: `${MARKER} hello` }) }));
    await recordUnknown('ui-chunk', { type: 'text-delta-v7', payload: { words: MARKER } });
    await recordUnknown('datastream-line', `x:${JSON.stringify(MARKER)}`);
    await recordUnknown('sse-event', `data: {"kind":"delta","content":"${MARKER}"}`);
    await recordUnknown('http-format', `plain answer: ${MARKER} and more`);
    await recordUnknown('ws-frame', { type: MARKER + ' as a type with spaces' });
    const stored = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(stored).not.toContain(MARKER);
    expect(stored).not.toContain('hello');
    expect(stored).toContain('cf_agent_use_chat_response_v2');
    expect(stored).toContain('<21 chars>');
  });

  it('counts shapes new since the user last looked', async () => {
    await recordUnknown('ws-frame', { type: 'a' }, 100);
    await markCanarySeen(150);
    expect((await readCanary()).unseen).toBe(0);
    await recordUnknown('ws-frame', { type: 'a' }, 200); // a repeat is not news
    await recordUnknown('ws-frame', { type: 'b' }, 210);
    expect((await readCanary()).unseen).toBe(1);
    await clearCanary();
    expect(await readCanary()).toEqual({ records: [], unseen: 0 });
  });

  it('ignores junk in storage and never throws', async () => {
    await fakeBrowser.storage.local.set({ [CANARY_KEY]: [{ kind: 1 }, 'x', null] });
    await expect(recordUnknown('ws-frame', { type: 'z' })).resolves.toBeUndefined();
    expect((await readCanary()).records).toHaveLength(1);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(recordUnknown('ws-frame', cyclic)).resolves.toBeUndefined();
  });
});
