// The data port accepts exactly what the chat port and storage accept (lib/shared/limits.ts):
// a settings or conversation patch the port lets through is never refused further in (issue #10).
import { describe, expect, it } from 'vitest';
import { validateDataRequest } from '@/lib/protocol/data';
import { MAX_TOKENS_RANGE, MODEL_ID_MAX_CHARS, SYSTEM_PROMPT_MAX_CHARS } from '@/lib/shared/limits';
import { COMPARE_MAX_MODELS } from '@/lib/protocol/compare';

const settings = (patch: Record<string, unknown>) => validateDataRequest({ type: 'settings-update', requestId: 'r1', patch });
const conversation = (patch: Record<string, unknown>) =>
  validateDataRequest({ type: 'conversation-settings-update', requestId: 'r1', conversationId: 'c_1', patch });

describe('data port field limits', () => {
  it('max tokens: the shared range, for settings and conversation overrides alike', () => {
    for (const check of [settings, conversation]) {
      expect(check({ maxTokens: MAX_TOKENS_RANGE.max }).ok).toBe(true);
      expect(check({ maxTokens: 10_000 })).toMatchObject({ ok: false, error: 'patch.maxTokens: Max tokens must be a whole number from 1 to 8192.' });
      expect(check({ maxTokens: 65_536 }).ok).toBe(false);
      expect(check({ maxTokens: 0 }).ok).toBe(false);
    }
  });

  it('model ids: non-empty, no whitespace, at most the shared length', () => {
    expect(settings({ defaultModel: '@cf/meta/x' }).ok).toBe(true);
    expect(settings({ defaultModel: `@cf/${'x'.repeat(MODEL_ID_MAX_CHARS)}` }).ok).toBe(false);
    expect(conversation({ model: '@cf/meta x' }).ok).toBe(false);
    expect(conversation({ model: null }).ok).toBe(true);
  });

  it('system prompt: at most the shared length', () => {
    expect(settings({ systemPrompt: 'x'.repeat(SYSTEM_PROMPT_MAX_CHARS) }).ok).toBe(true);
    expect(settings({ systemPrompt: 'x'.repeat(SYSTEM_PROMPT_MAX_CHARS + 1) }).ok).toBe(false);
  });

  it('compare models (issue #15): a list of model ids, at most COMPARE_MAX_MODELS; unknown keys are still refused', () => {
    const ids = ['@cf/a/one', '@cf/b/two', '@cf/c/three', '@cf/d/four'];
    expect(settings({ compareModels: ids.slice(0, COMPARE_MAX_MODELS) }).ok).toBe(true);
    expect(settings({ compareModels: [] }).ok).toBe(true);
    expect(settings({ compareModels: ids.slice(0, COMPARE_MAX_MODELS + 1) })).toMatchObject({ ok: false, error: `patch.compareModels: Compare takes at most ${COMPARE_MAX_MODELS} models.` });
    expect(settings({ compareModels: ['@cf/meta x'] }).ok).toBe(false);
    expect(settings({ compareModels: [''] }).ok).toBe(false);
    expect(settings({ compareModels: '@cf/a/one' }).ok).toBe(false);
    expect(settings({ compareModels: ids.slice(0, 2), compareSlots: ids.slice(0, 2) }).ok).toBe(false);
  });
});
