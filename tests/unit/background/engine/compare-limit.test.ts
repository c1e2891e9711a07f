// The measurement behind COMPARE_LIMIT (lib/background/engine/compare-lanes.ts, issue #15): the real
// engine and socket transport against the emulator with a per-minute request budget (the
// playground's 3021 counts requests per minute). One ordinary turn, then a 3-model comparison,
// with comparison columns limited to 2 at once (the global limit) or 3. Printed numbers go into
// the report; the assertions hold the decision: running 3 at once costs no extra rate limits and
// starts every column sooner.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/server';
import { resetRateWindow } from '../../../emulator/model-knobs';
import { emulatorSockets } from '../../playground/emulator/ws-factory';
import { ChatEngine } from '@/lib/background/engine/engine';
import { closeDb } from '@/lib/background/storage/db';
import { listMessages } from '@/lib/background/storage/messages';
import { socketChat } from '@/lib/playground/socket-transport';
import { recorder } from './fake-stream';

const MODELS = ['@cf/meta/llama-3.1-8b-instruct-fp8', '@cf/qwen/qwen3-30b-a3b-fp8', '@cf/google/gemma-3-12b-it'];
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  resetRateWindow();
  emu.configure({ faults: { active: [], times: {}, rateLimitText: 'rate limited, try again' }, tokenDelayMs: 15, answerTokens: 40, rateLimitPerMinute: 3 });
});

async function run(compareLimit: number, budget: number) {
  resetRateWindow();
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  emu.configure({ rateLimitPerMinute: budget });
  const engine = new ChatEngine({
    stream: (req, signal, emit) => socketChat(req, { signal, emit, openSocket: emulatorSockets(emu.origin), deadlines: { firstByteMs: 5_000, silenceMs: 5_000, totalMs: 20_000 } }).then((o) => ({ ...o, transport: 'socket' })),
    listModels: () => Promise.reject(new Error('unused')),
    retryDelay: () => undefined, // no automatic retry: count the rate limits
    compareLimit,
  });
  const ui = recorder();
  await engine.handle(ui, { type: 'chat-start', requestId: 'turn1', text: 'hello' });
  await ui.waitFor('chat-end');
  const conversationId = ui.ofType('chat-end')[0].conversationId;
  const t0 = Date.now();
  const firstToken = new Map<string, number>();
  const watcher = { postMessage: (m: { type: string; messageId?: string }) => m.type === 'text-delta' && m.messageId && !firstToken.has(m.messageId) && firstToken.set(m.messageId, Date.now() - t0) };
  await engine.handle(watcher, { type: 'compare-start', requestId: 'cmp', conversationId, text: 'compare', models: MODELS });
  for (let i = 0; i < 400 && (await listMessages(conversationId)).some((m) => m.status === 'queued' || m.status === 'streaming'); i++) await new Promise((r) => setTimeout(r, 25));
  const total = Date.now() - t0;
  const columns = (await listMessages(conversationId)).filter((m) => m.compareGroup);
  const limited = columns.filter((c) => c.error?.code === 'rate-limited').length;
  const lastStart = Math.max(...columns.filter((c) => c.status === 'done').map((c) => firstToken.get(c.id) ?? Infinity));
  engine.dispose();
  return { limited, lastFirstTokenMs: lastStart, totalMs: total, done: columns.filter((c) => c.status === 'done').length };
}

describe('COMPARE_LIMIT (measured against the emulator’s per-minute request budget)', () => {
  it('3 at once: no more rate limits than 2 at once, and the third column starts without waiting for a whole answer', { timeout: 30_000 }, async () => {
    const rows: string[] = [];
    for (const budget of [3, 4]) {
      const two = await run(2, budget);
      const three = await run(3, budget);
      rows.push(`budget ${budget}/min: limit 2 ${JSON.stringify(two)} | limit 3 ${JSON.stringify(three)}`);
      expect(three.limited).toBe(two.limited);
      expect(three.done).toBe(two.done);
      if (budget === 4) expect(three.lastFirstTokenMs).toBeLessThan(two.lastFirstTokenMs);
    }
    console.log(rows.join('\n'));
  });
});
