// @vitest-environment happy-dom
// Issue #12 "Error text": one sentence each, no raw codes or browser texts in the main line (details
// behind a disclosure), no advice to do by hand what a button already does, and a stalled answer
// says "Waiting for the playground… N s".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '@/lib/shared/errors';
import { click, conversation, key, message, mount, typeInto, type Mounted } from './harness';

const ROOT = join(__dirname, '../../..');
const ERROR_KEYS = [
  'errorChallenge', 'errorRateLimited', 'errorBadRequest', 'errorNotFound', 'errorUpstream', 'errorNetwork', 'errorTimeout',
  'errorAborted', 'errorProtocol', 'errorModelNotFound', 'errorCapacity', 'errorModelDeprecated', 'errorModelPaid',
  'errorGeneric', 'errorInterrupted', 'errorLostBeforeStart', 'errorBackgroundRestarted', 'hintChooseModel',
];

describe('error catalogue', () => {
  for (const lang of ['en', 'ru']) {
    const messages = JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    it(`${lang}: every error text is one sentence, with no raw code and no retry advice`, () => {
      for (const k of ERROR_KEYS) {
        const text = messages[k].message;
        // One sentence: a single terminal punctuation mark, at the end.
        expect(text.match(/[.!?](\s|$)/g), `${lang} ${k}: ${text}`).toHaveLength(1);
        expect(text, `${lang} ${k}`).not.toMatch(/\d{3,}|Failed to fetch|\(/);
      }
      // The Retry button and the automatic retry do this already.
      for (const k of ['errorRateLimited', 'errorCapacity', 'errorNetwork']) expect(messages[k].message).not.toMatch(/retry|повтор|wait|подожд/i);
    });
  }
});

let ui: Mounted;
afterEach(() => {
  ui?.unmount();
  vi.useRealTimers();
});

async function startChat(): Promise<string> {
  const composer = ui.$('[data-testid=composer]')!;
  await typeInto(composer, 'Hi');
  await key(composer, { key: 'Enter' });
  const { requestId } = ui.sent('chat-start').at(-1)!;
  await ui.serve({
    type: 'chat-started', conversationId: 'c1', requestId, messageId: 'a1', seq: 0, conversation: conversation(),
    messages: [message('u1', 'user', 0, { text: 'Hi' }), message('a1', 'assistant', 1, { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' })],
  });
  return requestId;
}

describe('error notice layout', () => {
  it.each(ERROR_CODES.filter((c) => c !== 'aborted'))('%s: the raw detail is behind a closed disclosure, not in the main line', async (code: ErrorCode) => {
    ui = await mount();
    const requestId = await startChat();
    await ui.serve({
      type: 'chat-error', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, code, error: 'TypeError: Failed to fetch (3040)',
      message: { ...message('a1', 'assistant', 1, { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' }), status: 'error', text: '' },
    });
    const notice = ui.$('.error-notice')!;
    expect(ui.$('[data-testid=error]')!.textContent).not.toMatch(/Failed to fetch|3040/);
    const details = notice.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('.error-detail')!.textContent).toBe('TypeError: Failed to fetch (3040)');
    // Outside the disclosure nothing repeats the detail or a sentence of the main line.
    const outside = Array.from(notice.querySelectorAll('p')).filter((p) => !details.contains(p)).map((p) => p.textContent ?? '');
    expect(outside.some((text) => text.includes('Failed to fetch'))).toBe(false);
    expect(new Set(outside).size).toBe(outside.length);
  });

  it('rate-limited with a lighter model: the button, no hint that says the same', async () => {
    ui = await mount();
    const requestId = await startChat();
    await ui.serve({
      type: 'chat-error', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, code: 'rate-limited', error: 'raw',
      message: { ...message('a1', 'assistant', 1, { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' }), status: 'error', text: '' },
    });
    expect(ui.$('[data-testid=error-lighter]')).not.toBeNull();
    expect(ui.$('.error-notice')!.textContent).not.toMatch(/may get through/);
    await click(ui.$('[data-testid=error-lighter]'));
    expect(ui.sent('chat-regenerate')).toHaveLength(1);
  });
});

describe('stalled answer', () => {
  it('says "Waiting for the playground… N s" after a silence, and hides it when text arrives', async () => {
    ui = await mount();
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const requestId = await startChat();
    await ui.serve({ type: 'text-delta', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, text: 'Hel' } as never);
    await vi.advanceTimersByTimeAsync(2000);
    await ui.settle();
    expect(ui.$('[data-testid=stall-note]')).toBeNull();
    await vi.advanceTimersByTimeAsync(5000);
    await ui.settle();
    const note = ui.$('[data-testid=stall-note]')!;
    expect(note.textContent).toMatch(/^Waiting for the playground… [67] s$/);
    await ui.serve({ type: 'text-delta', conversationId: 'c1', requestId, messageId: 'a1', seq: 2, text: 'lo' } as never);
    await vi.advanceTimersByTimeAsync(1100);
    await ui.settle();
    expect(ui.$('[data-testid=stall-note]')).toBeNull();
  });
});
