import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_MESSAGE, classifyHttpFailure, classifyInbandError, getHeader, isChallengePage, parseRetryAfter,
} from '@/lib/playground/errors';
import { fixtureText } from './helpers';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const page403 = fixtureText('playground/error-403.html');

describe('isChallengePage', () => {
  it('the cf-mitigated header alone is enough, any case, Headers or record', () => {
    expect(isChallengePage({ 'CF-Mitigated': 'challenge' }, '')).toBe(true);
    expect(isChallengePage(new Headers({ 'cf-mitigated': 'Challenge' }), '')).toBe(true);
    expect(isChallengePage({ 'cf-mitigated': 'other' }, '')).toBe(false);
    expect(isChallengePage(undefined, 'Not found')).toBe(false);
  });
  const markers = [
    '<title>Just a moment...</title>',
    '<title>Attention Required! | Cloudflare</title>',
    '<div id="cf-please-wait">',
    'id="cf-cloudflare-status"',
    '<p id="cf-spinner-please-wait">',
    'id="challenge-error-text"',
    'window._cf_chl_opt',
    '/cdn-cgi/challenge-platform/',
  ];
  for (const marker of markers) {
    it(`body marker ${marker}`, () => {
      expect(isChallengePage({}, `<html><head></head><body>${marker}</body></html>`)).toBe(true);
    });
  }
  it('the fixture page without its header', () => {
    expect(isChallengePage({}, page403)).toBe(true);
  });
});

describe('classifyHttpFailure: status × headers × body → event', () => {
  const cases: [string, number, Record<string, string>, string, unknown][] = [
    ['2xx', 200, {}, 'ok', null],
    ['204', 204, {}, '', null],
    ['403 challenge page + header', 403, { 'cf-mitigated': 'challenge' }, page403,
      { type: 'error', code: 'challenge', message: CHALLENGE_MESSAGE, status: 403 }],
    ['403 markers, no header', 403, {}, page403, { type: 'error', code: 'challenge', message: CHALLENGE_MESSAGE, status: 403 }],
    ['503 challenge page', 503, { 'cf-mitigated': 'challenge' }, '', { type: 'error', code: 'challenge', message: CHALLENGE_MESSAGE, status: 503 }],
    ['403 plain refusal (Origin)', 403, {}, 'Forbidden origin',
      { type: 'error', code: 'bad-request', status: 403, message: 'The playground refused this request (HTTP 403). The server said: "Forbidden origin"' }],
    ['403 HTML without markers: no HTML in the message', 403, {}, '<html><body>Error 1050</body></html>',
      { type: 'error', code: 'bad-request', status: 403, message: 'The playground refused this request (HTTP 403).' }],
    ['429 with Retry-After seconds', 429, { 'Retry-After': '7' }, '',
      { type: 'error', code: 'rate-limited', status: 429, retryAfterMs: 7000, message: 'The playground is rate limiting requests (HTTP 429). Wait a little and try again.' }],
    ['402 with Retry-After date', 402, { 'retry-after': 'Tue, 24 Nov 2026 12:01:00 GMT' }, 'Payment required',
      { type: 'error', code: 'rate-limited', status: 402, retryAfterMs: 60_000, message: 'The playground is rate limiting requests (HTTP 402). Wait a little and try again. The server said: "Payment required"' }],
    ['429 without Retry-After', 429, {}, '',
      { type: 'error', code: 'rate-limited', status: 429, message: 'The playground is rate limiting requests (HTTP 429). Wait a little and try again.' }],
    ['400 empty (unknown model)', 400, {}, '', { type: 'error', code: 'bad-request', status: 400, message: 'The playground refused this model or request.' }],
    ['400 JSON message', 400, {}, '{"message":"bad model"}',
      { type: 'error', code: 'bad-request', status: 400, message: 'The playground refused this model or request. The server said: "bad model"' }],
    ['404 Not found', 404, {}, 'Not found',
      { type: 'error', code: 'not-found', status: 404, message: 'The playground no longer answers at this address (HTTP 404). The server said: "Not found"' }],
    ['500', 500, {}, '', { type: 'error', code: 'upstream', status: 500, message: 'The playground had a server error (HTTP 500).' }],
    ['502', 502, {}, 'Bad Gateway',
      { type: 'error', code: 'upstream', status: 502, message: 'The playground had a server error (HTTP 502). The server said: "Bad Gateway"' }],
    ['504 is upstream, not rate-limited', 504, {}, '', { type: 'error', code: 'upstream', status: 504, message: 'The playground had a server error (HTTP 504).' }],
    ['520', 520, {}, '', { type: 'error', code: 'upstream', status: 520, message: 'The playground had a server error (HTTP 520).' }],
    ['503 with Retry-After', 503, { 'Retry-After': '30' }, '',
      { type: 'error', code: 'upstream', status: 503, retryAfterMs: 30_000, message: 'The playground had a server error (HTTP 503).' }],
    ['401 → upstream', 401, {}, '', { type: 'error', code: 'upstream', status: 401, message: 'The playground answered with an unexpected status (HTTP 401).' }],
    ['long text is not quoted', 500, {}, 'x'.repeat(201), { type: 'error', code: 'upstream', status: 500, message: 'The playground had a server error (HTTP 500).' }],
  ];
  for (const [label, status, headers, body, expected] of cases) {
    it(label, () => {
      expect(classifyHttpFailure(status, headers, body, NOW)).toStrictEqual(expected);
    });
  }
});

// NOW is 12:00:00.000 + whatever its seconds are: the next minute starts 60 s - (NOW mod 60 s) later.
const NEXT_MINUTE = 60_000 - (NOW % 60_000) + 1_000;

describe('classifyInbandError', () => {
  const cases: [string, string, unknown][] = [
    // 3021 is a per-minute limit: the retry waits for the next minute (+1 s), never sooner (issue #17).
    ['raw 3021', '3021: rate limiting: inference request per min rate reached',
      { type: 'error', code: 'rate-limited', message: '3021: rate limiting: inference request per min rate reached', retryAfterMs: NEXT_MINUTE }],
    ['"rate limit" text', 'Rate limit exceeded', { type: 'error', code: 'rate-limited', message: 'Rate limit exceeded' }],
    ['generic', 'Error during inference', { type: 'error', code: 'upstream', message: 'Error during inference' }],
    ['JSON message/details', '{"message":"3021: rate limiting: inference request per min rate reached","details":"x"}',
      { type: 'error', code: 'rate-limited', message: '3021: rate limiting: inference request per min rate reached', retryAfterMs: NEXT_MINUTE }],
    ['JSON with the code only in details', '{"message":"Upstream failed","details":"AiError: 3021: rate limiting"}',
      { type: 'error', code: 'rate-limited', message: 'Upstream failed', retryAfterMs: NEXT_MINUTE }],
    ['5007 model not found', '5007: model not found: No such model @cf/x/y or task',
      { type: 'error', code: 'model-not-found', message: '5007: model not found: No such model @cf/x/y or task' }],
    ['3040 out of capacity', '3040: Capacity temporarily exceeded, please try again.',
      { type: 'error', code: 'capacity', message: '3040: Capacity temporarily exceeded, please try again.' }],
    ['5028 deprecated', '5028: This model was deprecated on 2026-05-30. Please use an alternative model',
      { type: 'error', code: 'model-deprecated', message: '5028: This model was deprecated on 2026-05-30. Please use an alternative model' }],
    ['5035 paid plan', '{"message":"5035: This model requires the Workers Paid plan"}',
      { type: 'error', code: 'model-paid', message: '5035: This model requires the Workers Paid plan' }],
    ['a code only in details', '{"message":"AiError","details":"5028: deprecated"}', { type: 'error', code: 'model-deprecated', message: 'AiError' }],
    ['JSON without message uses details', '{"details":"model exploded"}', { type: 'error', code: 'upstream', message: 'model exploded' }],
    ['broken JSON stays raw', '{"message":', { type: 'error', code: 'upstream', message: '{"message":' }],
    ['empty', '', { type: 'error', code: 'upstream', message: 'The model returned an error.' }],
    ['3021 must be a whole number', 'error 130210', { type: 'error', code: 'upstream', message: 'error 130210' }],
  ];
  for (const [label, text, expected] of cases) {
    it(label, () => expect(classifyInbandError(text, NOW)).toStrictEqual(expected));
  }
  it('very long texts are cut', () => {
    expect(classifyInbandError('e'.repeat(600)).message).toBe(`${'e'.repeat(500)}…`);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['120', 120_000],
    [' 5 ', 5000],
    ['Tue, 24 Nov 2026 12:00:30 GMT', 30_000],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 0],
  ])('%s → %s ms', (value, ms) => expect(parseRetryAfter(value, NOW)).toBe(ms));
  it.each([[null], [undefined], [''], ['soon'], ['-5'], ['1.5'], ['Not a date 2026x']])('%s → undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

it('getHeader is case-insensitive for records and Headers', () => {
  expect(getHeader({ 'Retry-After': '3' }, 'retry-after')).toBe('3');
  expect(getHeader(new Headers({ 'Retry-After': '3' }), 'RETRY-AFTER')).toBe('3');
  expect(getHeader({ a: undefined }, 'a')).toBeUndefined();
});
