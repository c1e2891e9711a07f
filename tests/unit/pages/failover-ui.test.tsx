// @vitest-environment happy-dom
// Issue #17 on the page: "Answer with …" on a model that cannot answer, the failover notice on the
// answer, a gone model leaving the picker, and model properties in the picker.
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '@/lib/shared/errors';
import type { ModelInfo } from '@/lib/shared/models';
import type { Message } from '@/lib/protocol/records';
import { click, conversation, key, message, mount, typeInto, type Mounted } from './harness';

const GLM = '@cf/zai-org/glm-5.2';
const GEMMA = '@cf/google/gemma-4-26b-a4b-it';
const MODELS: ModelInfo[] = [
  { id: GLM, label: 'GLM-5.2', family: 'zai-org', contextWindow: 262_144, paid: true },
  { id: GEMMA, label: 'Gemma 4', family: 'google', contextWindow: 128_000, vision: true, deprecatedOn: '2026-12-30' },
  { id: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', label: 'Llama 3.3 70B', family: 'meta', contextWindow: 24_000 },
];

let ui: Mounted;
afterEach(() => ui?.unmount());

async function answer(final: Partial<Message>, code?: ErrorCode) {
  const composer = ui.$('[data-testid=composer]')!;
  await typeInto(composer, 'Hi');
  await key(composer, { key: 'Enter' });
  const { requestId } = ui.sent('chat-start').at(-1)!;
  const a1 = message('a1', 'assistant', 1, { model: GLM });
  await ui.serve({ type: 'chat-started', conversationId: 'c1', requestId, messageId: 'a1', seq: 0, conversation: conversation('c1', { model: GLM }), messages: [message('u1', 'user', 0, { text: 'Hi' }), a1] });
  const done = { ...a1, ...final };
  if (code) await ui.serve({ type: 'chat-error', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, code, error: code, message: done });
  else await ui.serve({ type: 'chat-end', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, message: done });
}

const options = () => [...ui.$$('[data-testid=model-picker] option')].map((o) => (o as HTMLOptionElement).value);

describe('failover on the page', () => {
  it.each<[ErrorCode]>([['capacity'], ['model-deprecated'], ['model-paid']])('%s: "Answer with Gemma 4" regenerates with it, the conversation keeps its model', async (code) => {
    ui = await mount({ models: MODELS });
    await answer({ status: 'error', error: { code, message: code } }, code);
    const button = ui.$('[data-testid=error-answer-with]')!;
    // GLM's family has no other member and Llama's 24k is enough, but Llama ranks first in MODEL_PREFERENCE.
    expect(button.textContent).toBe('Answer with Llama 3.3 70B');
    await click(button);
    expect(ui.sent('chat-regenerate')).toMatchObject([{ messageId: 'a1', answerWith: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' }]);
    expect(ui.store.conversation.value?.model).toBe(GLM);
    expect(ui.$('[data-testid=error-lighter]')).toBeNull();
  });

  it('5028 and 5035 take the model out of the picker at once; 3040 does not', async () => {
    ui = await mount({ models: MODELS });
    await answer({ status: 'error', error: { code: 'capacity', message: '3040' } }, 'capacity');
    expect(options()).toContain(GLM);
    ui.unmount();
    ui = await mount({ models: MODELS });
    await answer({ status: 'error', error: { code: 'model-deprecated', message: '5028' } }, 'model-deprecated');
    expect(ui.$(`optgroup option[value="${GLM}"]`)).toBeNull();
  });

  it('an answer by another model says so: "GLM-5.2 at capacity, answered by Gemma 4"', async () => {
    ui = await mount({ models: MODELS });
    await answer({ status: 'done', text: 'Hello', model: GEMMA, failover: { from: GLM, reason: 'capacity' } });
    const notice = ui.$('[data-testid=failover-notice]')!;
    expect(notice.textContent).toBe('GLM-5.2 at capacity, answered by Gemma 4');
    expect(notice.dataset.reason).toBe('capacity');
  });

  it('a failed-over 5028 answer also drops the retired model from the picker', async () => {
    ui = await mount({ models: MODELS });
    await answer({ status: 'done', text: 'Hello', model: GEMMA, failover: { from: GLM, reason: 'model-deprecated' } });
    // The retired model has left the list, so its id names it.
    expect(ui.$('[data-testid=failover-notice]')!.textContent).toBe('glm-5.2 was retired, answered by Gemma 4');
    expect(ui.$(`optgroup option[value="${GLM}"]`)).toBeNull();
  });

  it('no notice on an ordinary answer', async () => {
    ui = await mount({ models: MODELS });
    await answer({ status: 'done', text: 'Hello' });
    expect(ui.$('[data-testid=failover-notice]')).toBeNull();
  });
});

describe('model properties in the picker', () => {
  it('context window, vision, paid plan and retirement in the option text', async () => {
    ui = await mount({ models: MODELS });
    const text = (id: string) => ui.$(`option[value="${id}"]`)!.textContent;
    expect(text(GLM)).toBe('GLM-5.2 · 262K context · paid plan');
    expect(text(GEMMA)).toBe('Gemma 4 · 128K context · vision · retiring 2026-12-30');
    expect(ui.$(`option[value="${GLM}"]`)!.dataset.paid).toBe('true');
  });
});
