// Issue #17: a model that fails with 5028 (retired) or 5035 (paid plan) is remembered in
// storage.local and no longer offered in the picker; 3040 (capacity) and 5007 are not.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ChatEngine } from '@/lib/background/engine/engine';
import { classifyInbandError, untilNextMinute } from '@/lib/playground/errors';
import { GONE_MODELS_KEY } from '@/lib/background/storage/gone-models';
import type { ModelInfo } from '@/lib/shared/models';
import { emptyDatabase, scriptedEngine } from './engine-setup';
import { recorder, scriptedStream } from './fake-stream';

const MODELS: ModelInfo[] = [
  { id: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', label: 'Llama 3.3 70B', family: 'meta' },
  { id: '@cf/zai-org/glm-5.2', label: 'GLM-5.2', family: 'zai-org' },
];

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;

beforeEach(async () => {
  fakeBrowser.reset();
  await emptyDatabase();
  ({ script, engine } = scriptedEngine(MODELS));
});

async function failWith(text: string, model = '@cf/zai-org/glm-5.2') {
  const ui = recorder();
  await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'Hi', options: { model } });
  const call = await script.nextCall();
  call.end(classifyInbandError(text));
  const error = await ui.waitFor('chat-error');
  await new Promise((r) => setTimeout(r, 10));
  const listed = recorder();
  await engine.handle(listed, { type: 'models-list' });
  return { error, models: (await listed.waitFor('models-listed')).models.map((m) => m.id) };
}

describe('models that are gone', () => {
  it.each([
    ['5028', '5028: This model was deprecated on 2026-05-30. Please use an alternative model', 'model-deprecated'],
    ['5035', '5035: This model requires the Workers Paid plan', 'model-paid'],
  ])('%s: its own error code, remembered, and no longer listed', async (_code, text, code) => {
    const { error, models } = await failWith(text);
    expect(error).toMatchObject({ code, retryAt: undefined });
    expect(models).toEqual(['@cf/meta/llama-3.3-70b-instruct-fp8-fast']);
    expect((await fakeBrowser.storage.local.get(GONE_MODELS_KEY))[GONE_MODELS_KEY]).toEqual(['@cf/zai-org/glm-5.2']);
  });

  it.each([
    ['3040', '3040: Capacity temporarily exceeded', 'capacity'],
    ['5007', '5007: model not found: No such model @cf/zai-org/glm-5.2 or task', 'model-not-found'],
  ])('%s: its own error code, no automatic retry, the model stays listed', async (_code, text, code) => {
    const { error, models } = await failWith(text);
    expect(error).toMatchObject({ code, retryAt: undefined });
    expect(models).toHaveLength(2);
  });

  it('3021 waits at least until the next minute before its automatic retry', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'Hi' });
    const call = await script.nextCall();
    const before = Date.now();
    call.end(classifyInbandError('3021: rate limiting: inference request per min rate reached'));
    const error = await ui.waitFor('chat-error');
    expect(error.code).toBe('rate-limited');
    expect(error.retryAt! - before).toBeGreaterThanOrEqual(untilNextMinute(Date.now()) - 50);
  });

  it('untilNextMinute is the wait to the next minute plus a second', () => {
    expect(untilNextMinute(Date.parse('2026-11-24T12:00:45Z'))).toBe(16_000);
    expect(untilNextMinute(Date.parse('2026-11-24T12:00:00Z'))).toBe(61_000);
  });
});
