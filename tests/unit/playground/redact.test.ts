// Issue #14: redaction keeps protocol structure and drops every piece of conversation text.
import { describe, expect, it } from 'vitest';
import { redactJson, redactMessage, redactSample, shapeOf, stripUrls, textShape } from '@/lib/playground/redact';

const MARKER = 'ZQX-SECRET-7731';

describe('redactJson', () => {
  it('keeps types, ids, numbers and booleans; strings under other keys become lengths', () => {
    expect(redactJson({ type: 'text-delta', id: 't1', delta: 'Hello there', seq: 3, done: false })).toEqual({
      type: 'text-delta', id: 't1', delta: '<11 chars>', seq: 3, done: false,
    });
  });
  it('a structural key with free text in it is still redacted', () => {
    expect(redactJson({ type: `${MARKER} said hi` })).toEqual({ type: '<23 chars>' });
    expect(redactJson({ reason: MARKER })).toEqual({ reason: MARKER }); // identifier-like under a structural key is protocol
  });
  it('a JSON document inside a string is redacted structurally', () => {
    const out = redactJson({ type: 'cf_agent_use_chat_response', body: JSON.stringify({ type: 'text-delta', delta: MARKER }) });
    expect(JSON.stringify(out)).not.toContain(MARKER);
    expect(JSON.stringify(out)).toContain('text-delta');
  });
  it('free-text keys and long arrays are bounded', () => {
    expect(redactJson({ [`${MARKER} key with spaces`]: 1 })).toEqual({ '<31 chars>': 1 });
    expect(redactJson([1, 2, 3, 4, 5, 6, 7])).toEqual([1, 2, 3, 4, 5, '<2 more>']);
  });
});

describe('redactSample and shapeOf', () => {
  it('keeps an Era B code or SSE prefix and the JSON structure', () => {
    expect(redactSample(`x:"${MARKER}"`)).toBe('x:"<15 chars>"');
    expect(redactSample('data: {"type":"future","words":"a b c"}')).toBe('data: {"type":"future","words":"<5 chars>"}');
  });
  it('plain text keeps only its shape', () => {
    expect(textShape('ab 12!')).toBe('aa 99!');
    expect(redactSample(`${MARKER} tail`)).not.toContain('SECRET');
  });
  it('same structure with different text has the same shape; different types differ', () => {
    expect(shapeOf({ type: 'x', text: 'one' })).toBe(shapeOf(JSON.stringify({ text: 'two two', type: 'x' })));
    expect(shapeOf({ type: 'x' })).not.toBe(shapeOf({ type: 'y' }));
    expect(shapeOf({ type: 'cf_agent_use_chat_response', body: '{"type":"future-chunk","delta":"x"}' })).toContain('type=future-chunk');
    expect(shapeOf(`0:"${MARKER}"`)).not.toContain('SECRET');
  });
});

describe('redactMessage', () => {
  it('drops URL queries and fragments', () => {
    expect(stripUrls(`see https://example.com/path?q=${MARKER}#frag now`)).toBe('see https://example.com/path?… now');
    expect(redactMessage(`wss://h/agents/playground/x?_pk=${MARKER}`)).not.toContain(MARKER);
  });
  it('replaces quoted passages by their length', () => {
    expect(redactMessage(`Input "${MARKER} please" is too long`)).toBe('Input "<22 chars>" is too long');
    expect(redactMessage(`bad 'summarise ${MARKER}'`)).not.toContain(MARKER);
  });
  it('cuts out the user\'s own words even when the server does not quote them', () => {
    const prompt = `Please summarise ${MARKER} for me`;
    const out = redactMessage(`5021: the input summarise ${MARKER} exceeds the context window`, [prompt]);
    expect(out).not.toContain(MARKER);
    expect(out).not.toContain('summarise');
    expect(out).toContain('5021');
    expect(out).toContain('context window');
  });
  it('keeps the server text when it shares no words with the user', () => {
    expect(redactMessage('3021: rate limiting: inference request per min rate reached', ['hi'])).toBe(
      '3021: rate limiting: inference request per min rate reached',
    );
  });
});
