import { describe, expect, it } from 'vitest';
import { buildAnswer, longAnswer, splitTokens } from '../../emulator/answer';

const base = { answerTokens: null, reasoning: false, reasoningModel: false };

describe('emulator answers', () => {
  it('echoes the last user text as word tokens after the captured stub tokens', () => {
    const a = buildAnswer('How are  you', base);
    expect(a.text).toEqual(['Hello', '! You said: ', 'How ', 'are  ', 'you']);
    expect(a.reasoning).toEqual([]);
    expect(splitTokens(' a b')).toEqual([' ', 'a ', 'b']);
  });

  it('/long N and answerTokens give N deterministic markdown tokens', () => {
    const a = buildAnswer('x /long 300 y', base);
    expect(a.text).toHaveLength(300);
    expect(a.text).toEqual(longAnswer(300));
    expect(longAnswer(300).slice(0, 50)).toEqual(longAnswer(50));
    expect(buildAnswer('Hi', { ...base, answerTokens: 7 }).text).toHaveLength(7);
  });

  it('/reason, reasoning models and the reasoning flag add reasoning tokens', () => {
    expect(buildAnswer('/reason now', base).reasoning.join('')).toContain('Let me think');
    expect(buildAnswer('Hi', { ...base, reasoningModel: true }).reasoning.length).toBeGreaterThan(0);
    expect(buildAnswer('Hi', { ...base, reasoning: true }).reasoning.length).toBeGreaterThan(0);
    expect(buildAnswer('not/reasoning', base).reasoning).toEqual([]);
  });
});
