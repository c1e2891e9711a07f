// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '@/lib/shared/errors';
import type { MessageStatus } from '@/lib/protocol/records';
import { click, conversation, key, message, mount, typeInto, type Mounted } from './harness';

let ui: Mounted;
afterEach(() => {
  ui?.unmount();
  vi.useRealTimers();
});

async function startChat() {
  const composer = ui.$('[data-testid=composer]')!;
  await typeInto(composer, 'Hi');
  await key(composer, { key: 'Enter' });
  const { requestId } = ui.sent('chat-start').at(-1)!;
  await ui.serve({
    type: 'chat-started',
    conversationId: 'c1',
    requestId,
    messageId: 'a1',
    seq: 0,
    conversation: conversation(),
    messages: [message('u1', 'user', 0, { text: 'Hi' }), message('a1', 'assistant', 1, { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' })],
  });
  return requestId;
}

async function fail(code: ErrorCode, status: MessageStatus = 'error') {
  const requestId = await startChat();
  await ui.serve({
    type: 'chat-error',
    conversationId: 'c1',
    requestId,
    messageId: 'a1',
    seq: 1,
    code,
    error: `raw ${code}`,
    message: { ...message('a1', 'assistant', 1, { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' }), status, text: 'partial' },
  });
}

const errorText = () => ui.$('[data-testid=error]')?.textContent;
const action = () => ui.$('[data-testid=error-action]');

describe('error notice per code', () => {
  it('challenge: verify text, action asks the background to verify and retry', async () => {
    ui = await mount();
    await fail('challenge');
    expect(ui.$('[data-testid=message][data-role=assistant]')!.dataset.status).toBe('error');
    expect(errorText()).toBe('Cloudflare wants to verify this browser.');
    expect(action()!.textContent).toBe('Open the playground to verify');
    await click(action());
    expect(ui.sent('challenge-verify')).toMatchObject([{ messageId: 'a1' }]);
    expect(ui.sent('chat-regenerate')).toHaveLength(0);
    // Retry is still there as a second button.
    await click(ui.$('[data-testid=error-retry]'));
    expect(ui.sent('chat-regenerate')).toMatchObject([{ messageId: 'a1' }]);
  });

  it('rate-limited: text, Retry, and a lighter model suggestion that regenerates with it', async () => {
    ui = await mount();
    await fail('rate-limited');
    expect(errorText()).toContain('The playground is rate-limiting requests');
    expect(action()!.textContent).toBe('Retry');
    const lighter = ui.$('[data-testid=error-lighter]')!;
    expect(lighter.textContent).toBe('Try Llama 3.1 8B');
    await click(lighter);
    expect(ui.sent('chat-regenerate')).toMatchObject([{ messageId: 'a1', options: { model: '@cf/meta/llama-3.1-8b-instruct' } }]);
    expect((ui.$('[data-testid=model-picker]') as HTMLSelectElement).value).toBe('@cf/meta/llama-3.1-8b-instruct');
  });

  it.each([
    ['not-found', 'The playground has changed and this request no longer works.'],
    ['bad-request', 'The playground refused this request.'],
    ['upstream', 'The model reported an error.'],
    ['network', "FlareChat couldn't reach the playground."],
    ['timeout', 'The model took too long to answer.'],
    ['protocol', "The playground sent an answer FlareChat couldn't read."],
    ['aborted', 'The answer was cancelled before it finished.'],
  ] as const)('%s: clear text and Retry', async (code, text) => {
    ui = await mount();
    await fail(code);
    expect(errorText()).toBe(text);
    expect(ui.$('.error-detail')!.textContent).toBe(`raw ${code}`);
    expect(action()!.textContent).toBe('Retry');
    await click(action());
    expect(ui.sent('chat-regenerate')).toMatchObject([{ conversationId: 'c1', messageId: 'a1' }]);
  });

  it('interrupted: "The answer was interrupted" with Continue (primary) and Retry', async () => {
    ui = await mount();
    await fail('network', 'interrupted');
    expect(errorText()).toBe('The answer was interrupted.');
    expect(action()!.textContent).toBe('Continue');
    await click(action());
    expect(ui.sent('chat-continue')).toMatchObject([{ conversationId: 'c1', messageId: 'a1' }]);
    await click(ui.$('[data-testid=error-retry]'));
    expect(ui.sent('chat-regenerate')).toHaveLength(1);
  });

  it('a rejected request shows the error and gives the prompt back', async () => {
    ui = await mount();
    const composer = ui.$('[data-testid=composer]') as HTMLTextAreaElement;
    await typeInto(composer, 'Lost?');
    await key(composer, { key: 'Enter' });
    const { requestId } = ui.sent('chat-start')[0];
    await ui.serve({ type: 'request-rejected', code: 'bad-request', error: 'text is empty', requestId });
    expect(errorText()).toBe('text is empty');
    expect(composer.value).toBe('Lost?');
    expect(ui.$$('[data-testid=message]')).toHaveLength(0);
  });
});

it('an automatic retry that is scheduled shows the error and a countdown', async () => {
  ui = await mount();
  const requestId = await startChat();
  await ui.serve({
    type: 'chat-error',
    conversationId: 'c1',
    requestId,
    messageId: 'a1',
    seq: 1,
    code: 'rate-limited',
    error: '3021: rate limiting',
    message: { ...message('a1', 'assistant', 1), status: 'error', error: { code: 'rate-limited', message: '3021: rate limiting', retryAt: Date.now() + 4500, attempt: 1 } },
  });
  expect(ui.$('[data-testid=message][data-role=assistant]')!.dataset.status).toBe('error');
  expect(ui.$('[data-testid=error]')!.textContent).toContain('rate-limiting');
  expect(ui.$('[data-testid=retry-countdown]')!.textContent).toBe('Retrying automatically in 5 s…');
});

describe('reconnect', () => {
  it('after the port disconnects it reconnects with backoff, re-subscribes, and the snapshot restores the answer', async () => {
    ui = await mount();
    const requestId = await startChat();
    await ui.serve({ type: 'text-delta', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, text: 'Half' });
    ui.frames.run();
    const first = ui.port();
    vi.useFakeTimers();
    first.onDisconnect.trigger();
    await ui.settle();
    expect(ui.$('[data-testid=connection-status]')).not.toBeNull();
    expect(ui.ports).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(15);
    expect(ui.ports).toHaveLength(2);
    const second = ui.port();
    expect(second).not.toBe(first);
    expect(second.posted[0]).toEqual({ type: 'conversation-subscribe', conversationId: 'c1' });
    vi.useRealTimers();
    // The background restarted and marked the answer interrupted.
    await ui.serve({
      type: 'conversation-snapshot',
      conversation: conversation(),
      messages: [message('u1', 'user', 0, { text: 'Hi' }), message('a1', 'assistant', 1, { status: 'interrupted', text: 'Half' })],
    });
    expect(ui.$('[data-testid=connection-status]')).toBeNull();
    const answer = ui.$('[data-testid=message][data-role=assistant]')!;
    expect(answer.dataset.status).toBe('interrupted');
    expect(answer.textContent).toBe('Half');
    expect(ui.$('[data-testid=error-action]')!.textContent).toBe('Continue');
    expect(ui.$('[data-testid=stop]')).toBeNull();
  });

  it('a message sent while disconnected reconnects at once instead of waiting for the backoff timer', async () => {
    ui = await mount();
    vi.useFakeTimers();
    ui.port().onDisconnect.trigger();
    const composer = ui.$('[data-testid=composer]')!;
    await typeInto(composer, 'Queued prompt');
    await key(composer, { key: 'Enter' });
    expect(ui.ports[0].posted.filter((m) => m.type === 'chat-start')).toHaveLength(0);
    // No timer advanced: the send itself opened the new port (this is what wakes a stopped worker).
    expect(ui.ports).toHaveLength(2);
    expect(ui.port().posted.filter((m) => m.type === 'chat-start')).toMatchObject([{ text: 'Queued prompt' }]);
    vi.useRealTimers();
  });
});

describe('reconnect before chat-started', () => {
  it('gives the prompt of an unanswered new chat back with a notice instead of a stuck queued answer', async () => {
    ui = await mount();
    const composer = ui.$('[data-testid=composer]') as HTMLTextAreaElement;
    await typeInto(composer, 'Lost in transit');
    await key(composer, { key: 'Enter' });
    expect(ui.sent('chat-start')).toHaveLength(1);
    vi.useFakeTimers();
    ui.port().onDisconnect.trigger();
    await vi.advanceTimersByTimeAsync(15);
    vi.useRealTimers();
    await ui.settle();
    expect(ui.$$('[data-testid=message]')).toHaveLength(0);
    expect(composer.value).toBe('Lost in transit');
    expect(ui.$('[data-testid=error]')!.textContent).toContain('your message is back in the box to send again');
    expect(ui.sent('chat-start')).toHaveLength(1);
  });
});

// The worker stops after 30 s without events even with a panel open, and the panel reconnects and
// re-subscribes at once: an unchanged snapshot must leave the conversation's DOM alone (no re-render
// of every answer every 30 s, no lost text selection, no work on the thread the relay shares).
it('a snapshot after a worker restart that changes nothing keeps every message node (and its text selection)', async () => {
  ui = await mount();
  const requestId = await startChat();
  const done = () => [
    message('u1', 'user', 0, { text: 'Hi', createdAt: 1, updatedAt: 1 }),
    message('a1', 'assistant', 1, { status: 'done', text: 'Some **bold** words.\n\n```js\nlet x = 1;\n```', createdAt: 2, updatedAt: 2 }),
  ];
  await ui.serve({ type: 'chat-end', conversationId: 'c1', requestId, messageId: 'a1', seq: 2, message: done()[1] });
  await ui.serve({ type: 'conversation-snapshot', conversation: conversation(), messages: done() });
  ui.frames.run();
  const strong = ui.$('[data-testid=message][data-role=assistant] strong')!;
  const user = ui.$('[data-testid=message][data-role=user]')!;
  expect(strong.textContent).toBe('bold');
  document.getSelection()!.selectAllChildren(strong);
  vi.useFakeTimers();
  ui.port().onDisconnect.trigger();
  await vi.advanceTimersByTimeAsync(15);
  vi.useRealTimers();
  await ui.serve({ type: 'conversation-snapshot', conversation: conversation(), messages: done() });
  ui.frames.run();
  expect(ui.$('[data-testid=message][data-role=assistant] strong')).toBe(strong);
  expect(ui.$('[data-testid=message][data-role=user]')).toBe(user);
  expect(document.getSelection()!.toString()).toBe('bold');
  // A snapshot that does change a message still shows the change.
  await ui.serve({ type: 'conversation-snapshot', conversation: conversation(), messages: [done()[0], { ...done()[1], text: 'Other words.', updatedAt: 3 }] });
  ui.frames.run();
  expect(ui.$('[data-testid=message][data-role=assistant]')!.textContent).toBe('Other words.');
});
