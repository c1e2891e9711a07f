// Instance names are passwords (anyone who knows one can read the transcript): at least 122 random
// bits, no modulo bias, no product prefix. And one models instance per install, not per refresh.
import { describe, expect, it, vi } from 'vitest';
import { INSTANCE_NAME_LENGTH, newInstanceName } from '@/lib/playground/instance-name';
import { modelsInstanceName, socketModelRows } from '@/lib/playground/socket-oneshot';
import { fakeAgents } from './transport/fakes';

describe('newInstanceName', () => {
  it('22 URL-safe symbols of a 64-symbol alphabet (132 bits), no prefix, all distinct', () => {
    expect(INSTANCE_NAME_LENGTH * Math.log2(64)).toBeGreaterThanOrEqual(122);
    const names = Array.from({ length: 500 }, newInstanceName);
    expect(new Set(names).size).toBe(500);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(names.some((n) => n.toLowerCase().includes('flarechat'))).toBe(false);
  });

  it('maps every byte value to a symbol with equal weight (no modulo bias)', () => {
    // Feed every byte 0..255 once: each of the 64 symbols must come out exactly 4 times.
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (counter++) & 255;
      return array;
    });
    let counter = 0;
    let all = '';
    while (all.length < 256) all += newInstanceName();
    spy.mockRestore();
    const counts = new Map<string, number>();
    for (const ch of all.slice(0, 256)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(64);
    expect(new Set(counts.values())).toEqual(new Set([4]));
  });
});

describe('the models instance', () => {
  it('is one stored name per install, reused by every refresh of the list', async () => {
    const first = await modelsInstanceName();
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await modelsInstanceName()).toBe(first);
    const rows = [{ name: '@cf/a/b', task: { name: 'Text Generation' } }];
    const { factory, server } = fakeAgents({
      script: (frame, s) => frame.method === 'getModels' && s.push({ done: true, id: frame.id, result: rows, success: true, type: 'rpc' }),
    });
    await socketModelRows(factory);
    await socketModelRows(factory);
    expect(server.urls).toHaveLength(2);
    for (const url of server.urls) expect(new URL(url).pathname).toBe(`/agents/playground/${first}`);
  });
});
