// The model router (issue #17): which model answers when the chosen one cannot, and the context
// window helper other features plan with.
import { describe, expect, it } from 'vitest';
import { alternativeModel, contextWindowOf, defaultModelOf, DEFAULT_CONTEXT_WINDOW, estimateTokens, type ModelInfo } from '@/lib/shared/models';

const m = (id: string, extra: Partial<ModelInfo> = {}): ModelInfo => ({ id, label: id.split('/').pop()!, family: id.split('/')[1], ...extra });

const GLM52 = m('@cf/zai-org/glm-5.2', { contextWindow: 262_144, paid: true });
const GLM47 = m('@cf/zai-org/glm-4.7-flash', { contextWindow: 131_072 });
const GLM53 = m('@cf/zai-org/glm-5.3', { contextWindow: 1_000_000, deprecated: true });
const GEMMA4 = m('@cf/google/gemma-4-26b-a4b-it', { contextWindow: 128_000, vision: true });
const LLAMA33 = m('@cf/meta/llama-3.3-70b-instruct-fp8-fast', { contextWindow: 24_000 });
const GPTOSS = m('@cf/openai/gpt-oss-120b', { contextWindow: 128_000 });
const DSV4 = m('@cf/deepseek-ai/deepseek-v4-flash-0731', { contextWindow: 1_048_576 });
const NOWINDOW = m('@cf/acme/mystery-7b');
const LIST = [NOWINDOW, GLM52, GLM53, GLM47, GPTOSS, GEMMA4, LLAMA33];

describe('alternativeModel', () => {
  it.each<[string, readonly ModelInfo[], string, Parameters<typeof alternativeModel>[2], string | null]>([
    ['same family first (glm-5.2 → glm-4.7-flash)', LIST, GLM52.id, {}, GLM47.id],
    ['then MODEL_PREFERENCE (llama first when glm has no usable sibling)', [GLM52, GLM53, GEMMA4, LLAMA33, GPTOSS], GLM52.id, {}, LLAMA33.id],
    ['never a deprecated model, even in the same family', [GLM52, GLM53, GEMMA4], GLM52.id, {}, GEMMA4.id],
    ['never a paid-only model', [GEMMA4, GLM52], GEMMA4.id, {}, null],
    ['never a model known gone on this install', [GLM52, GLM47, GEMMA4], GLM52.id, { gone: [GLM47.id] }, GEMMA4.id],
    ['the context must fit: 30k tokens skips llama (24k)', [GLM52, LLAMA33, GEMMA4], GLM52.id, { contextTokens: 30_000 }, GEMMA4.id],
    ['a family member that is too small loses to a stranger that fits', [GLM52, GLM47, GEMMA4, DSV4], GLM52.id, { contextTokens: 200_000 }, DSV4.id],
    ['nothing large enough: null', [GLM52, GLM47, GEMMA4, GPTOSS], GLM52.id, { contextTokens: 200_000 }, null],
    ['an unknown window counts as the default, not as infinite', [GLM52, NOWINDOW], GLM52.id, { contextTokens: DEFAULT_CONTEXT_WINDOW + 1 }, null],
    ['an unknown window is fine for a short conversation', [GLM52, NOWINDOW], GLM52.id, { contextTokens: 100 }, NOWINDOW.id],
    ['the failed model already dropped from the list still names its family', [GEMMA4, GLM47, LLAMA33], GLM52.id, {}, GLM47.id],
    ['a number is the context need (older callers)', [GLM52, LLAMA33, GEMMA4], GLM52.id, 30_000, GEMMA4.id],
    ['nothing else: null', [GLM52], GLM52.id, {}, null],
  ])('%s', (_name, models, current, needs, expected) => {
    expect(alternativeModel(models, current, needs)?.id ?? null).toBe(expected);
  });
});

describe('defaultModelOf', () => {
  it('skips deprecated and paid-only rows while a suitable one exists', () => {
    const preferred = m('@cf/meta/llama-3.3-70b-instruct-fp8-fast', { deprecated: true });
    expect(defaultModelOf([GLM52, preferred, GEMMA4], 'fallback')).toBe(GEMMA4.id);
    expect(defaultModelOf([GLM52], 'fallback')).toBe(GLM52.id);
    expect(defaultModelOf([], 'fallback')).toBe('fallback');
  });
});

describe('contextWindowOf / estimateTokens', () => {
  it('the row’s window, else the documented default', () => {
    expect(contextWindowOf(GEMMA4)).toBe(128_000);
    expect(contextWindowOf(NOWINDOW)).toBe(DEFAULT_CONTEXT_WINDOW);
    expect(contextWindowOf(undefined)).toBe(8_192);
    expect(contextWindowOf(m('@cf/x/y', { contextWindow: Number.NaN }))).toBe(8_192);
  });
  it('about four characters a token, rounded up', () => {
    expect(estimateTokens(0)).toBe(0);
    expect(estimateTokens(1)).toBe(1);
    expect(estimateTokens(4000)).toBe(1000);
  });
});
