// The final status decision (issue #10), table-tested: every input combination that matters →
// the stored status and the frame surfaces get.
import { describe, expect, it } from 'vitest';
import { decideOutcome, STILL_BLOCKED_MESSAGE, type OutcomeInput, type Outcome } from '@/lib/background/engine/outcome';
import type { TerminalEvent } from '@/lib/playground/events';

const NOW = 1_000_000;
const fresh = { attempt: 0, continuation: false, verified: false, viaTab: false };
const policy = (attempt: number, after: number | undefined) => (attempt >= 3 ? undefined : Math.max(after ?? 0, 1000 * 2 ** attempt));
const error = (code: string, message = 'boom', retryAfterMs?: number) => ({ type: 'error', code, message, retryAfterMs }) as TerminalEvent;

type Row = [string, Partial<Omit<OutcomeInput, 'retryDelay'>>, Outcome];

const rows: Row[] = [
  ['finish', { event: { type: 'finish' } }, { status: 'done', frame: 'chat-end' }],
  ['finish while offline', { event: { type: 'finish' }, online: false }, { status: 'done', frame: 'chat-end' }],
  ['stop', { event: error('aborted', 'Stopped.') }, { status: 'stopped', frame: 'chat-end' }],
  ['stop with text, offline', { event: error('aborted'), text: 'half', online: false }, { status: 'stopped', frame: 'chat-end' }],
  ['upstream error', { event: error('upstream') }, { status: 'error', frame: 'chat-error', code: 'upstream', message: 'boom' }],
  ['network error while online', { event: error('network') }, { status: 'error', frame: 'chat-error', code: 'network', message: 'boom' }],
  ['network error offline, nothing shown', { event: error('network'), online: false }, { status: 'queued', frame: 'chat-status', reason: 'offline' }],
  ['network error offline, text shown', { event: error('network'), online: false, text: 'part' }, { status: 'error', frame: 'chat-error', code: 'network', message: 'boom' }],
  [
    'network error offline, continuation',
    { event: error('network'), online: false, request: { ...fresh, continuation: true } },
    { status: 'error', frame: 'chat-error', code: 'network', message: 'boom' },
  ],
  [
    'rate limit, first time',
    { event: error('rate-limited', '3021') },
    { status: 'error', frame: 'chat-error', code: 'rate-limited', message: '3021', retry: { retryAt: NOW + 1000, attempt: 1, delayMs: 1000 } },
  ],
  [
    'rate limit honours Retry-After',
    { event: error('rate-limited', '3021', 7000), request: { ...fresh, attempt: 1 } },
    { status: 'error', frame: 'chat-error', code: 'rate-limited', message: '3021', retry: { retryAt: NOW + 7000, attempt: 2, delayMs: 7000 } },
  ],
  [
    'rate limit, retries used up',
    { event: error('rate-limited', '3021'), request: { ...fresh, attempt: 3 } },
    { status: 'error', frame: 'chat-error', code: 'rate-limited', message: '3021' },
  ],
  ['challenge, not verified yet', { event: error('challenge', 'check') }, { status: 'error', frame: 'chat-error', code: 'challenge', message: 'check' }],
  [
    'challenge after verification: try a playground tab',
    { event: error('challenge', 'check'), request: { ...fresh, verified: true } },
    { status: 'queued', frame: 'chat-status', reason: 'verification', viaTab: true },
  ],
  [
    'challenge after verification, from the tab too',
    { event: error('challenge', 'check'), request: { ...fresh, verified: true, viaTab: true } },
    { status: 'error', frame: 'chat-error', code: 'challenge', message: STILL_BLOCKED_MESSAGE },
  ],
  [
    'other error after verification',
    { event: error('upstream'), request: { ...fresh, verified: true } },
    { status: 'error', frame: 'chat-error', code: 'upstream', message: 'boom' },
  ],
  // Issue #17: the model router. `alternative` is given only when automatic failover is on.
  ...(['capacity', 'model-deprecated', 'model-paid', 'model-not-found'] as const).flatMap((code): Row[] => [
    [`${code}, failover off`, { event: error(code) }, { status: 'error', frame: 'chat-error', code, message: 'boom' }],
    [
      `${code}, failover on: the same request again with the alternative`,
      { event: error(code), alternative: '@cf/google/gemma-4-26b-a4b-it' },
      { status: 'queued', frame: 'chat-status', reason: 'busy', failover: { model: '@cf/google/gemma-4-26b-a4b-it', reason: code } },
    ],
    [`${code}, failover on but text was shown: kept, error`, { event: error(code), text: 'part', alternative: 'x' }, { status: 'error', frame: 'chat-error', code, message: 'boom' }],
    [
      `${code}, failover on, a continuation: error`,
      { event: error(code), alternative: 'x', request: { ...fresh, continuation: true } },
      { status: 'error', frame: 'chat-error', code, message: 'boom' },
    ],
  ]),
  [
    'rate limit with failover on: the backoff comes first',
    { event: error('rate-limited', '3021'), alternative: 'x' },
    { status: 'error', frame: 'chat-error', code: 'rate-limited', message: '3021', retry: { retryAt: NOW + 1000, attempt: 1, delayMs: 1000 } },
  ],
  [
    'rate limit, retries used up, failover on: the alternative',
    { event: error('rate-limited', '3021'), request: { ...fresh, attempt: 3 }, alternative: 'x' },
    { status: 'queued', frame: 'chat-status', reason: 'busy', failover: { model: 'x', reason: 'rate-limited' } },
  ],
  ['upstream error, failover on: not a model problem', { event: error('upstream'), alternative: 'x' }, { status: 'error', frame: 'chat-error', code: 'upstream', message: 'boom' }],
  ['network error, failover on: not a model problem', { event: error('network'), alternative: 'x' }, { status: 'error', frame: 'chat-error', code: 'network', message: 'boom' }],
  ['finish, failover on', { event: { type: 'finish' }, alternative: 'x' }, { status: 'done', frame: 'chat-end' }],
];

describe('decideOutcome', () => {
  it.each(rows)('%s', (_name, input, expected) => {
    const event = input.event!;
    const full: OutcomeInput = { text: '', online: true, now: NOW, request: fresh, ...input, event, retryDelay: policy };
    expect(decideOutcome(full)).toEqual(expected);
  });

  it('does not change the event it is given', () => {
    const event = error('challenge', 'check');
    decideOutcome({ event, text: '', online: true, now: NOW, request: { ...fresh, verified: true, viaTab: true }, retryDelay: policy });
    expect(event).toEqual(error('challenge', 'check'));
  });
});
