// The comparison state machine (issue #15): every column ends in exactly one terminal state,
// Stop one / Stop all, and what "Continue with this one" writes.
import { describe, expect, it } from 'vitest';
import {
  canChoose,
  chooseColumn,
  columnsOf,
  comparisonSettled,
  isTerminal,
  nextPhase,
  phaseOf,
  stopAllTargets,
  type ColumnEvent,
  type ColumnPhase,
} from '@/lib/protocol/compare';

const EVENTS: ColumnEvent[] = ['start', 'finish', 'stop', 'fail', 'fail-retry', 'requeue', 'interrupt'];
const PHASES: ColumnPhase[] = ['queued', 'streaming', 'retrying', 'done', 'stopped', 'error', 'interrupted'];

describe('comparison column state machine', () => {
  it.each([
    // phase, event, next
    ['queued', 'start', 'streaming'],
    ['queued', 'stop', 'stopped'],
    ['queued', 'finish', 'queued'],
    ['streaming', 'finish', 'done'],
    ['streaming', 'stop', 'stopped'],
    ['streaming', 'fail', 'error'],
    ['streaming', 'fail-retry', 'retrying'],
    ['streaming', 'requeue', 'queued'],
    ['streaming', 'interrupt', 'interrupted'],
    ['retrying', 'requeue', 'queued'],
    ['retrying', 'stop', 'stopped'],
    ['retrying', 'finish', 'retrying'],
    ['done', 'stop', 'done'],
    ['stopped', 'start', 'stopped'],
    ['error', 'requeue', 'error'],
    ['interrupted', 'finish', 'interrupted'],
  ] as [ColumnPhase, ColumnEvent, ColumnPhase][])('%s + %s → %s', (phase, event, next) => {
    expect(nextPhase(phase, event)).toBe(next);
  });

  it('never leaves a terminal state, whatever happens next', () => {
    for (const phase of PHASES.filter(isTerminal)) for (const event of EVENTS) expect(nextPhase(phase, event)).toBe(phase);
  });

  it('ends every column in exactly one terminal state: stop, finish, fail and worker death from any live phase', () => {
    // Every sequence of up to 4 events from 'queued' followed by Stop all ends terminal, and the
    // first terminal state reached is the one it keeps.
    const walk = (phase: ColumnPhase, depth: number, seen: ColumnPhase[]): void => {
      const firstTerminal = seen.find(isTerminal);
      const final = stopAllTargets([{ id: 'c', status: phase === 'retrying' ? 'error' : phase, error: phase === 'retrying' ? { code: 'rate-limited', message: '', retryAt: 1 } : undefined }]).length ? nextPhase(phase, 'stop') : phase;
      expect(isTerminal(final)).toBe(true);
      if (firstTerminal) expect(final).toBe(firstTerminal);
      if (depth === 0) return;
      for (const event of EVENTS) {
        const next = nextPhase(phase, event);
        walk(next, depth - 1, [...seen, next]);
      }
    };
    walk('queued', 4, ['queued']);
  });

  it('reads a stored answer: a scheduled retry is "retrying", not a terminal error', () => {
    expect(phaseOf({ status: 'error', error: { code: 'rate-limited', message: 'x', retryAt: 5 } })).toBe('retrying');
    expect(phaseOf({ status: 'error', error: { code: 'rate-limited', message: 'x' } })).toBe('error');
    expect(phaseOf({ status: 'streaming' })).toBe('streaming');
  });
});

describe('comparison columns', () => {
  const col = (id: string, status: ColumnPhase, createdAt: number, text = 'x') => ({
    id,
    role: 'assistant' as const,
    compareGroup: 'g',
    createdAt,
    text,
    status: status === 'retrying' ? ('error' as const) : status,
    ...(status === 'retrying' && { error: { code: 'rate-limited' as const, message: 'slow down', retryAt: 99 } }),
  });

  it('keeps the order the models were picked in and ignores other groups', () => {
    const messages = [col('b', 'done', 2), { ...col('x', 'done', 0), compareGroup: 'other' }, col('a', 'done', 1), { ...col('u', 'done', 0), role: 'user' as const }];
    expect(columnsOf(messages, 'g').map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('Stop all stops only the columns still live (queued, streaming, counting down to a retry)', () => {
    const columns = [col('a', 'streaming', 1), col('b', 'done', 2), col('c', 'retrying', 3), col('d', 'queued', 4), col('e', 'error', 5)];
    expect(stopAllTargets(columns)).toEqual(['a', 'c', 'd']);
    expect(comparisonSettled(columns)).toBe(false);
    expect(comparisonSettled([col('a', 'stopped', 1), col('b', 'done', 2), col('e', 'error', 3)])).toBe(true);
    expect(comparisonSettled([])).toBe(false);
  });

  it('a column can be continued with once it ended with some text', () => {
    expect(canChoose(col('a', 'done', 1))).toBe(true);
    expect(canChoose(col('a', 'stopped', 1))).toBe(true);
    expect(canChoose(col('a', 'stopped', 1, ' '))).toBe(false);
    expect(canChoose(col('a', 'streaming', 1))).toBe(false);
    expect(canChoose(col('a', 'retrying', 1))).toBe(false);
  });

  it('"Continue with this one" points the branch at the chosen answer and takes its model, keeping other branches', () => {
    const conversation = { branch: { older: 'kept' }, model: '@cf/meta/llama-3.1-8b-instruct' };
    expect(chooseColumn(conversation, 'user1', { id: 'b', model: '@cf/qwen/qwen3-30b-a3b-fp8' })).toEqual({
      branch: { older: 'kept', user1: 'b' },
      model: '@cf/qwen/qwen3-30b-a3b-fp8',
    });
    expect(chooseColumn({}, 'user1', { id: 'b' })).toEqual({ branch: { user1: 'b' }, model: undefined });
  });
});

describe('compare messages on the port', () => {
  const A = '@cf/meta/llama-3.1-8b-instruct';
  const B = '@cf/qwen/qwen3-30b-a3b-fp8';
  const C = '@cf/openai/gpt-oss-20b';
  it('compare-start takes 2 or 3 different models, and nothing else', async () => {
    const { validateClientMessage } = await import('@/lib/protocol/validate');
    const start = (models: unknown, extra = {}) => validateClientMessage({ type: 'compare-start', requestId: 'r1', text: 'Hi', models, ...extra });
    expect(start([A, B]).ok).toBe(true);
    expect(start([A, B, C]).ok).toBe(true);
    expect(start([A])).toMatchObject({ ok: false });
    expect(start([A, B, C, '@cf/x/y'])).toMatchObject({ ok: false });
    expect(start([A, A])).toMatchObject({ ok: false, error: expect.stringContaining('different') });
    expect(start([A, 7])).toMatchObject({ ok: false });
    expect(start([A, B], { options: { model: C } })).toMatchObject({ ok: false });
    expect(validateClientMessage({ type: 'compare-stop', conversationId: 'c1', compareGroup: 'g1' }).ok).toBe(true);
    expect(validateClientMessage({ type: 'compare-choose', conversationId: 'c1', messageId: 'm1' }).ok).toBe(true);
    expect(validateClientMessage({ type: 'compare-choose', conversationId: 'c1' })).toMatchObject({ ok: false });
  });
});
