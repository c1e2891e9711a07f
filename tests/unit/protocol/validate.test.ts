import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS } from '@/lib/shared/limits';
import { validateClientMessage } from '@/lib/protocol/validate';

describe('validateClientMessage', () => {
  it.each([
    ['null', null],
    ['a string', 'chat-start'],
    ['an array', [{ type: 'chat-start' }]],
    ['no type', { requestId: 'r1', text: 'hi' }],
    ['unknown type', { type: 'chat-explode' }],
    ['prototype key as type', { type: 'toString' }],
    ['start without request id', { type: 'chat-start', text: 'hi' }],
    ['start with a bad request id', { type: 'chat-start', requestId: 'r 1', text: 'hi' }],
    ['start with empty text', { type: 'chat-start', requestId: 'r1', text: '   ' }],
    ['start with non-string text', { type: 'chat-start', requestId: 'r1', text: 42 }],
    ['start with oversized text', { type: 'chat-start', requestId: 'r1', text: 'x'.repeat(MAX_PROMPT_CHARS + 1) }],
    ['start with bad conversation id', { type: 'chat-start', requestId: 'r1', text: 'hi', conversationId: '../x' }],
    ['start with an unknown option', { type: 'chat-start', requestId: 'r1', text: 'hi', options: { origin: 'https://evil' } }],
    ['start with temperature out of range', { type: 'chat-start', requestId: 'r1', text: 'hi', options: { temperature: 5 } }],
    ['start with fractional maxTokens', { type: 'chat-start', requestId: 'r1', text: 'hi', options: { maxTokens: 1.5 } }],
    ['edit without message id', { type: 'chat-edit', requestId: 'r1', conversationId: 'c1', text: 'x' }],
    ['regenerate with numeric ids', { type: 'chat-regenerate', requestId: 1, conversationId: 'c1', messageId: 'm1' }],
    ['subscribe without conversation', { type: 'conversation-subscribe' }],
    ['stop with object id', { type: 'chat-stop', conversationId: {} }],
    ['models with string refresh', { type: 'models-list', refresh: 'yes' }],
    // Unknown keys are rejected at the port, at the top level as well as inside options (issue #10).
    ['start with an unknown key', { type: 'chat-start', requestId: 'r1', text: 'hi', origin: 'https://evil' }],
    ['stop with an unknown key', { type: 'chat-stop', conversationId: 'c1', force: true }],
    ['online with an unknown key', { type: 'network-online', x: 1 }],
    // One set of limits (lib/shared/limits.ts): the port refuses what storage would refuse.
    ['start with maxTokens above the storage limit', { type: 'chat-start', requestId: 'r1', text: 'hi', options: { maxTokens: 10000 } }],
    ['start with a blank model', { type: 'chat-start', requestId: 'r1', text: 'hi', options: { model: '' } }],
  ])('rejects %s', (_name, raw) => {
    expect(validateClientMessage(raw).ok).toBe(false);
  });

  it.each([
    ['start in a new conversation', { type: 'chat-start', requestId: 'r1', text: 'hi' }],
    ['start with options', { type: 'chat-start', requestId: 'r1', conversationId: 'c_1', text: 'hi', options: { model: '@cf/x/y', temperature: 0.2, maxTokens: 100, system: 'Be brief' } }],
    ['regenerate', { type: 'chat-regenerate', requestId: 'r1', conversationId: 'c1', messageId: 'm1' }],
    ['edit', { type: 'chat-edit', requestId: 'r1', conversationId: 'c1', messageId: 'm1', text: 'new' }],
    ['continue', { type: 'chat-continue', requestId: 'r1', conversationId: 'c1', messageId: 'm1' }],
    ['stop', { type: 'chat-stop', conversationId: 'c1' }],
    ['subscribe', { type: 'conversation-subscribe', conversationId: 'c1' }],
    ['models', { type: 'models-list' }],
    ['network online', { type: 'network-online' }],
  ])('accepts %s', (_name, raw) => {
    expect(validateClientMessage(raw)).toEqual({ ok: true, message: raw });
  });
});

describe('validateWith', () => {
  it('names the first problem and where it is', () => {
    expect(validateClientMessage({ type: 'chat-start', requestId: 'r1', text: 'hi', options: { maxTokens: 10000 } })).toEqual({
      ok: false,
      error: 'options.maxTokens: Max tokens must be a whole number from 1 to 8192.',
    });
    expect(validateClientMessage({ type: 'chat-explode' })).toEqual({ ok: false, error: 'unknown message type' });
  });

  it('returns a fresh object, not the caller’s', () => {
    const raw = { type: 'chat-stop', conversationId: 'c1' };
    const result = validateClientMessage(raw);
    expect(result.ok && result.message).not.toBe(raw);
  });
});
