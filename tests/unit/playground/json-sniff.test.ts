import { describe, expect, it } from 'vitest';
import { splitJsonObjects } from '@/lib/playground/parse/json-objects';
import { sniffFormat, sniffSseData } from '@/lib/playground/parse/sniff';
import { applyUiChunk, createUiChunkState } from '@/lib/playground/parse/ui-chunk';

describe('splitJsonObjects', () => {
  it('one valid JSON value is parsed as is', () => {
    expect(splitJsonObjects('{"a":1}')).toStrictEqual({ values: [{ a: 1 }], malformed: 0 });
    expect(splitJsonObjects('[1,2]')).toStrictEqual({ values: [[1, 2]], malformed: 0 });
    expect(splitJsonObjects('')).toStrictEqual({ values: [], malformed: 0 });
  });
  it('concatenated objects, braces and escaped quotes inside strings', () => {
    expect(splitJsonObjects('{"a":"}{"}{"b":"\\"}"}\n {"c":{"d":[1,{"e":2}]}}')).toStrictEqual({
      values: [{ a: '}{' }, { b: '"}' }, { c: { d: [1, { e: 2 }] } }],
      malformed: 0,
    });
  });
  it('unparseable pieces and stray text are dropped and counted', () => {
    expect(splitJsonObjects('{"a":1}{bad}{"b":2}')).toStrictEqual({ values: [{ a: 1 }, { b: 2 }], malformed: 1 });
    expect(splitJsonObjects('junk{"a":1}')).toStrictEqual({ values: [{ a: 1 }], malformed: 1 });
    expect(splitJsonObjects('{"a":1}{"unterminated":')).toStrictEqual({ values: [{ a: 1 }], malformed: 1 });
    expect(splitJsonObjects('{"a":1} trailing')).toStrictEqual({ values: [{ a: 1 }], malformed: 1 });
  });
});

describe('sniffFormat (docs/playground-protocol.md#sniffing-the-format)', () => {
  it.each([
    ['<!DOCTYPE html>', 'html'],
    ['  \n<html>', 'html'],
    ['f:{"messageId":"x"}', 'datastream-v4'],
    ['0:"Hi"', 'datastream-v4'],
    ['3:"Error"', 'datastream-v4'],
    ['d:{}', 'datastream-v4'],
    ['data: {"type":"start"}', 'sse'],
    ['data:[DONE]', 'sse'],
    [': comment', 'sse'],
    ['event: x', 'sse'],
    ['id: 1', 'sse'],
    ['\uFEFF{"models":[]}', 'json'],
    ['[1]', 'json'],
    ['Not found', 'unknown'],
    ['z:"x"', 'unknown'],
  ])('%j → %s', (text, format) => expect(sniffFormat(text, false)).toBe(format));
  it('waits when the prefix is still ambiguous, decides at the end', () => {
    for (const prefix of ['', '  ', 'd', 'da', 'dat', 'data', 'e', 'ev', '0', 'i']) expect(sniffFormat(prefix, false)).toBeUndefined();
    expect(sniffFormat('', true)).toBe('empty');
    expect(sniffFormat('dat', true)).toBe('unknown');
  });
  it('sniffSseData', () => {
    expect(sniffSseData('{"type":"start"}')).toBe('ui-message');
    expect(sniffSseData('{"response":"Hi","p":"x"}')).toBe('legacy');
    expect(sniffSseData('{"tool_calls":[]}')).toBe('legacy');
    expect(sniffSseData(' [DONE] ')).toBe('done');
    expect(sniffSseData('{broken')).toBeUndefined();
    expect(sniffSseData('"str"')).toBeUndefined();
  });
});

describe('applyUiChunk', () => {
  it('maps the vocabulary and remembers finish', () => {
    const state = createUiChunkState();
    expect(applyUiChunk({ type: 'text-delta', id: 'a', delta: 'x' }, state)).toStrictEqual([{ type: 'text-delta', text: 'x' }]);
    expect(applyUiChunk({ type: 'text-delta', id: 'a', textDelta: 'old' }, state)).toStrictEqual([{ type: 'text-delta', text: 'old' }]);
    expect(applyUiChunk({ type: 'text-delta', id: 'a', delta: '' }, state)).toStrictEqual([]);
    expect(applyUiChunk({ type: 'reasoning-delta', id: 'r', delta: 'hm' }, state)).toStrictEqual([{ type: 'reasoning-delta', text: 'hm' }]);
    expect(applyUiChunk({ type: 'error', errorText: '3021: rate limiting' }, state)).toStrictEqual([
      { type: 'error', code: 'rate-limited', message: '3021: rate limiting', retryAfterMs: expect.any(Number) },
    ]);
    for (const type of ['start', 'start-step', 'finish-step', 'text-start', 'text-end', 'tool-input-delta', 'data-x', 'whatever']) {
      expect(applyUiChunk({ type }, state)).toStrictEqual([]);
    }
    expect(state).toStrictEqual({ sawFinish: false });
    expect(applyUiChunk({ type: 'finish', messageMetadata: { finishReason: 'stop' } }, state)).toStrictEqual([]);
    expect(state).toStrictEqual({ sawFinish: true, finishReason: 'stop' });
  });
  it('non-chunks are null (malformed)', () => {
    const state = createUiChunkState();
    expect(applyUiChunk(null, state)).toBeNull();
    expect(applyUiChunk([1], state)).toBeNull();
    expect(applyUiChunk({ type: 3 }, state)).toBeNull();
  });
});
