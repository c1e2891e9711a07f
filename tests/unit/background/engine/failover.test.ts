// Issue #17, the model router in the engine: with automatic failover on, an answer the chosen model
// cannot give is answered by the best alternative (one request, chat-end, the fact on the message);
// with it off the error stands and "Answer with …" (chat-regenerate answerWith) does the same on demand.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ChatEngine } from '@/lib/background/engine/engine';
import { getConversation } from '@/lib/background/storage/conversations';
import { listMessages } from '@/lib/background/storage/messages';
import { saveSettings } from '@/lib/background/storage/settings';
import { GONE_MODELS_KEY } from '@/lib/background/storage/gone-models';
import { classifyInbandError } from '@/lib/playground/errors';
import { neededTokens } from '@/lib/background/engine/failover';
import type { ModelInfo } from '@/lib/shared/models';
import { emptyDatabase, engineWith, scriptedEngine } from './engine-setup';
import { recorder, scriptedStream } from './fake-stream';

const GLM52 = '@cf/zai-org/glm-5.2';
const GLM47 = '@cf/zai-org/glm-4.7-flash';
const GEMMA = '@cf/google/gemma-4-26b-a4b-it';
const MODELS: ModelInfo[] = [
  { id: GLM52, label: 'GLM-5.2', family: 'zai-org', contextWindow: 262_144 },
  { id: GLM47, label: 'GLM-4.7 Flash', family: 'zai-org', contextWindow: 131_072 },
  { id: GEMMA, label: 'Gemma 4', family: 'google', contextWindow: 128_000 },
];
const DEPRECATED = '5028: This model was deprecated on 2026-05-30. Please use an alternative model';

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;

beforeEach(async () => {
  fakeBrowser.reset();
  await emptyDatabase();
  ({ script, engine } = scriptedEngine(MODELS));
});

async function start(ui = recorder()) {
  await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'Hi', options: { model: GLM52 } });
  return ui;
}

describe('automatic failover (setting on)', () => {
  beforeEach(() => saveSettings({ autoFailover: true }).then(() => undefined));

  it.each([
    ['5028', DEPRECATED, 'model-deprecated', true],
    ['5035', '5035: This model requires the Workers Paid plan', 'model-paid', true],
    ['3040', '3040: Capacity temporarily exceeded, please try again.', 'capacity', false],
  ])('%s: the same family answers, in the same request, and says so', async (_code, text, reason, gone) => {
    const ui = await start();
    (await script.nextCall()).end(classifyInbandError(text));
    const second = await script.nextCall();
    expect(second.req.model).toBe(GLM47);
    second.emit({ type: 'text-delta', text: 'Hello' });
    second.end({ type: 'finish', reason: 'stop' });
    const end = await ui.waitFor('chat-end');
    expect(end.requestId).toBe('req1');
    expect(end.message).toMatchObject({ status: 'done', text: 'Hello', model: GLM47, failover: { from: GLM52, reason } });
    expect(ui.ofType('chat-error')).toHaveLength(0);
    const [, stored] = await listMessages(end.conversationId);
    expect(stored).toMatchObject({ model: GLM47, failover: { from: GLM52, reason } });
    // The conversation keeps the model the user chose.
    expect((await getConversation(end.conversationId))?.model).toBe(GLM52);
    await new Promise((r) => setTimeout(r, 10));
    expect((await fakeBrowser.storage.local.get(GONE_MODELS_KEY))[GONE_MODELS_KEY]).toEqual(gone ? [GLM52] : undefined);
  });

  it('fails over once: the alternative failing too ends in its error', async () => {
    const ui = await start();
    (await script.nextCall()).end(classifyInbandError(DEPRECATED));
    (await script.nextCall()).end(classifyInbandError('3040: Capacity temporarily exceeded, please try again.'));
    const error = await ui.waitFor('chat-error');
    expect(error).toMatchObject({ code: 'capacity', message: { model: GLM47, failover: { from: GLM52, reason: 'model-deprecated' } } });
    expect(script.calls).toHaveLength(2);
  });

  it('no model large enough for the conversation: the error stands', async () => {
    engine = engineWith(script, {}, [MODELS[0], { ...MODELS[1], contextWindow: 1000 }]);
    const ui = await start();
    (await script.nextCall()).end(classifyInbandError(DEPRECATED));
    expect((await ui.waitFor('chat-error')).code).toBe('model-deprecated');
    expect(script.calls).toHaveLength(1);
  });

  it('an error that is not the model’s (upstream) does not switch models', async () => {
    const ui = await start();
    (await script.nextCall()).end({ type: 'error', code: 'upstream', message: 'An error occurred.' });
    expect((await ui.waitFor('chat-error')).code).toBe('upstream');
    expect(script.calls).toHaveLength(1);
  });
});

describe('failover offered (setting off, the default)', () => {
  it('the error stands; "Answer with" regenerates with the alternative and records the failover', async () => {
    const ui = await start();
    (await script.nextCall()).end(classifyInbandError(DEPRECATED));
    const error = await ui.waitFor('chat-error');
    expect(error.code).toBe('model-deprecated');
    expect(script.calls).toHaveLength(1);
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'req2', conversationId: error.conversationId, messageId: error.messageId, answerWith: GEMMA });
    const retry = await script.nextCall();
    expect(retry.req.model).toBe(GEMMA);
    retry.end({ type: 'finish', reason: 'stop' });
    const end = await ui.waitFor('chat-end');
    expect(end.message).toMatchObject({ model: GEMMA, failover: { from: GLM52, reason: 'model-deprecated' } });
    expect((await getConversation(end.conversationId))?.model).toBe(GLM52);
  });
});

describe('neededTokens', () => {
  it('history and system prompt at ~4 chars a token, plus the answer budget', () => {
    expect(neededTokens([{ id: 'a', role: 'user', text: 'x'.repeat(400) }], 'y'.repeat(40), 2048)).toBe(110 + 2048);
  });
});
