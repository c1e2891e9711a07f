// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '@/lib/protocol/records';
import { click, conversation, key, message, mount, typeInto, type Mounted } from './harness';

let ui: Mounted;
afterEach(() => ui?.unmount());

const composer = () => ui.$('[data-testid=composer]')!;
const messages = () => ui.$$('[data-testid=message]');
const assistant = () => ui.$$('[data-testid=message][data-role=assistant]').at(-1)!;

/** Send "Hi" in a new chat and answer chat-started; returns the ids. */
async function startChat(text = 'Hi') {
  await typeInto(composer(), text);
  await key(composer(), { key: 'Enter' });
  const start = ui.sent('chat-start').at(-1)!;
  const user = message('u1', 'user', 0, { text });
  const answer = message('a1', 'assistant', 1, { status: 'streaming' });
  await ui.serve({
    type: 'chat-started',
    conversationId: 'c1',
    requestId: start.requestId,
    messageId: 'a1',
    seq: 0,
    conversation: conversation('c1', { title: text }),
    messages: [user, answer],
  });
  return { requestId: start.requestId, user, answer };
}

const delta = (requestId: string, seq: number, text: string) =>
  ({ type: 'text-delta', conversationId: 'c1', requestId, messageId: 'a1', seq, text }) as const;

describe('send flow', () => {
  it('Enter sends a chat-start without conversationId, with the chosen model, and clears the composer', async () => {
    ui = await mount();
    await typeInto(composer(), 'Hello there');
    const event = await key(composer(), { key: 'Enter' });
    expect(event.defaultPrevented).toBe(true);
    const [start] = ui.sent('chat-start');
    expect(start).toMatchObject({ type: 'chat-start', text: 'Hello there', options: { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' } });
    expect(start.conversationId).toBeUndefined();
    expect(start.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect((composer() as HTMLTextAreaElement).value).toBe('');
    // The prompt shows at once, with a queued answer, before the background replies.
    expect(messages().map((m) => [m.dataset.role, m.dataset.status ?? ''])).toEqual([
      ['user', ''],
      ['assistant', 'queued'],
    ]);
    expect(messages()[0].textContent).toBe('Hello there');
  });

  it('the send button sends too and is disabled only while the composer is empty', async () => {
    ui = await mount();
    const send = ui.$('[data-testid=send]') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await typeInto(composer(), '   ');
    expect(send.disabled).toBe(true);
    await typeInto(composer(), 'Question');
    expect(send.disabled).toBe(false);
    await click(send);
    expect(ui.sent('chat-start')).toHaveLength(1);
  });

  it('Shift+Enter does not send', async () => {
    ui = await mount();
    await typeInto(composer(), 'line one');
    const event = await key(composer(), { key: 'Enter', shiftKey: true });
    expect(event.defaultPrevented).toBe(false);
    expect(ui.sent('chat-start')).toHaveLength(0);
  });

  it('IME composition never sends: isComposing, keyCode 229, or between compositionstart and compositionend', async () => {
    ui = await mount();
    await typeInto(composer(), 'にほんご');
    await key(composer(), { key: 'Enter', isComposing: true });
    await key(composer(), { key: 'Enter', keyCode: 229 });
    composer().dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    await key(composer(), { key: 'Enter' });
    expect(ui.sent('chat-start')).toHaveLength(0);
    composer().dispatchEvent(new CompositionEvent('compositionend', { bubbles: true }));
    await key(composer(), { key: 'Enter' });
    expect(ui.sent('chat-start')).toHaveLength(1);
  });

  it('streams deltas into the message: at once when idle, then batched per animation frame, duplicates (seq ≤ last) dropped', async () => {
    ui = await mount();
    const { requestId } = await startChat();
    expect(assistant().dataset.status).toBe('streaming');
    // The first delta after a quiet spell is shown without waiting for a frame (issue #16)…
    await ui.serve(delta(requestId, 1, 'Hel'));
    expect(assistant().textContent).toBe('Hel');
    await ui.serve(delta(requestId, 2, 'lo'));
    await ui.serve(delta(requestId, 2, 'lo')); // replayed
    await ui.serve(delta(requestId, 1, 'Hel')); // replayed, older
    // …the ones that follow it before the next frame wait for that frame…
    expect(assistant().textContent).toBe('Hel');
    expect(ui.frames.pending).toBeGreaterThan(0);
    // …and one frame applies everything buffered.
    await ui.settle();
    ui.frames.run();
    await ui.settle();
    expect(assistant().textContent).toBe('Hello');
    await ui.serve(delta(requestId, 3, ', world'));
    expect(assistant().textContent).toBe('Hello');
    ui.frames.run();
    await ui.settle();
    expect(assistant().textContent).toBe('Hello, world');
    // A frame with nothing to apply: the stream went quiet, so the next delta shows at once again.
    ui.frames.run();
    await ui.serve(delta(requestId, 4, '!'));
    expect(assistant().textContent).toBe('Hello, world!');

    const final: Message = { ...message('a1', 'assistant', 1), text: 'Hello, world!', status: 'done', model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', usage: { promptTokens: 12, completionTokens: 5 }, timings: { firstTokenMs: 420, tokensPerSecond: 31.25 } };
    await ui.serve({ type: 'chat-end', conversationId: 'c1', requestId, messageId: 'a1', seq: 5, message: final });
    expect(assistant().dataset.status).toBe('done');
    // The element holds only the answer; meta and controls are outside it.
    expect(assistant().textContent).toBe('Hello, world!');
    const meta = ui.$('[data-testid=message-meta]')!.textContent;
    expect(meta).toContain('Llama 3.3 70B');
    expect(meta).toContain('12 → 5 tokens');
    expect(meta).toContain('420 ms');
    expect(meta).toContain('31.3 tok/s');
  });

  it('a delta re-renders only the message it belongs to', async () => {
    ui = await mount();
    const { requestId } = await startChat();
    const userNode = messages()[0];
    const userText = userNode.firstChild;
    await ui.serve(delta(requestId, 1, 'x'));
    ui.frames.run();
    await ui.settle();
    expect(messages()[0]).toBe(userNode);
    expect(messages()[0].firstChild).toBe(userText);
    expect(assistant().textContent).toBe('x');
  });

  it('stop is visible only while an answer streams; the button and Esc both send chat-stop', async () => {
    ui = await mount();
    expect(ui.$('[data-testid=stop]')).toBeNull();
    const { requestId } = await startChat();
    expect(ui.$('[data-testid=stop]')).not.toBeNull();
    await click(ui.$('[data-testid=stop]'));
    expect(ui.sent('chat-stop')).toEqual([{ type: 'chat-stop', conversationId: 'c1' }]);
    await key(composer(), { key: 'Escape' });
    expect(ui.sent('chat-stop')).toHaveLength(2);
    // The composer stays enabled while the answer streams.
    expect((composer() as HTMLTextAreaElement).disabled).toBe(false);

    const stopped = { ...message('a1', 'assistant', 1), text: 'Part', status: 'stopped' as const };
    await ui.serve({ type: 'chat-error', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, code: 'aborted', error: 'Stopped', message: stopped });
    expect(ui.$('[data-testid=stop]')).toBeNull();
    expect(assistant().dataset.status).toBe('stopped');
    // A user stop is not an error: no error notice, but Continue is offered.
    expect(ui.$('[data-testid=error]')).toBeNull();
    await click(ui.$('[data-testid=continue]'));
    expect(ui.sent('chat-continue')).toMatchObject([{ conversationId: 'c1', messageId: 'a1' }]);
    // Esc with nothing streaming sends nothing more.
    await key(composer(), { key: 'Escape' });
    expect(ui.sent('chat-stop')).toHaveLength(2);
  });
});

describe('regenerate, edit, continue', () => {
  async function finished() {
    const { requestId } = await startChat('Question');
    await ui.serve({ type: 'chat-end', conversationId: 'c1', requestId, messageId: 'a1', seq: 1, message: { ...message('a1', 'assistant', 1), text: 'Answer', status: 'done' } });
  }

  it('regenerate posts chat-regenerate for the assistant message', async () => {
    ui = await mount();
    await finished();
    await click(ui.$('[data-testid=regenerate]'));
    const [regenerate] = ui.sent('chat-regenerate');
    expect(regenerate).toMatchObject({ conversationId: 'c1', messageId: 'a1', options: { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' } });
    expect(regenerate.requestId).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('edit opens an inline textarea; save & resend posts chat-edit with the new text', async () => {
    ui = await mount();
    await finished();
    await click(ui.$('[data-testid=edit]'));
    const box = ui.$('[data-testid=edit-input]')!;
    expect((box as HTMLTextAreaElement).value).toBe('Question');
    await typeInto(box, 'Better question');
    await click(ui.$('[data-testid=edit-save]'));
    expect(ui.sent('chat-edit')).toMatchObject([{ conversationId: 'c1', messageId: 'u1', text: 'Better question' }]);
    expect(ui.$('[data-testid=edit-input]')).toBeNull();
  });

  it('chat-started for a regenerate replaces the old answer and drops what came after it', async () => {
    ui = await mount();
    await finished();
    await click(ui.$('[data-testid=regenerate]'));
    const { requestId } = ui.sent('chat-regenerate')[0];
    const fresh = message('a1', 'assistant', 1, { status: 'queued' });
    await ui.serve({ type: 'chat-started', conversationId: 'c1', requestId, messageId: 'a1', seq: 0, conversation: conversation(), messages: [fresh] });
    expect(messages()).toHaveLength(2);
    expect(assistant().dataset.status).toBe('queued');
    expect(assistant().textContent).toBe('');
  });
});

describe('history', () => {
  it('snapshot of a stored conversation with a live answer renders the answer so far, then live frames continue', async () => {
    const stored = conversation('c1', { title: 'Stored chat' });
    const history = (await import('@/lib/pages/history')).emptyHistory();
    history.list = () => Promise.resolve([stored, conversation('c2', { title: 'Other', updatedAt: 1 })]);
    ui = await mount({ history });
    await click(ui.$('[data-testid=history-toggle]'));
    const items = ui.$$('[data-testid=conversation-item]');
    expect(items.map((i) => i.textContent)).toEqual([expect.stringContaining('Stored chat'), expect.stringContaining('Other')]);
    await click(items[0]);
    expect(ui.sent('conversation-subscribe')).toEqual([{ type: 'conversation-subscribe', conversationId: 'c1' }]);

    const user = message('u1', 'user', 0, { text: 'Old question' });
    const live = message('a1', 'assistant', 1, { status: 'streaming', text: '' });
    await ui.serve({ type: 'conversation-snapshot', conversation: stored, messages: [user, live], live: { requestId: 'r1', messageId: 'a1', text: 'Partial ans', reasoning: 'thinking', seq: 7 } });
    expect(assistant().textContent).toBe('Partial ans');
    expect(assistant().dataset.status).toBe('streaming');
    expect(ui.$('[data-testid=reasoning]')!.textContent).toContain('thinking');
    expect(ui.$('[data-testid=stop]')).not.toBeNull();
    // Frames already covered by the snapshot are ignored; later ones append.
    await ui.serve({ type: 'text-delta', conversationId: 'c1', requestId: 'r1', messageId: 'a1', seq: 7, text: 'Partial ans' });
    await ui.serve({ type: 'text-delta', conversationId: 'c1', requestId: 'r1', messageId: 'a1', seq: 8, text: 'wer' });
    ui.frames.run();
    await ui.settle();
    expect(assistant().textContent).toBe('Partial answer');
  });
});

describe('a prompt typed while an answer streams', () => {
  it('goes out at once; the background queues it and says when it starts', async () => {
    ui = await mount();
    await startChat();
    await typeInto(composer(), 'Follow-up');
    await key(composer(), { key: 'Enter' });
    const starts = ui.sent('chat-start');
    expect(starts).toHaveLength(2);
    expect(starts[1]).toMatchObject({ conversationId: 'c1', text: 'Follow-up', options: { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' } });
    // Settings defaults are not sent as overrides for an existing conversation.
    expect(Object.keys(starts[1].options!)).toEqual(['model']);
    expect((composer() as HTMLTextAreaElement).value).toBe('');
    const queued = message('a2', 'assistant', 3, { status: 'queued' });
    await ui.serve({
      type: 'chat-started',
      conversationId: 'c1',
      requestId: starts[1].requestId,
      messageId: 'a2',
      seq: 0,
      conversation: conversation('c1'),
      messages: [message('u1', 'user', 0, { text: 'Hi' }), message('a1', 'assistant', 1, { status: 'streaming' }), message('u2', 'user', 2, { text: 'Follow-up' }), queued],
    });
    await ui.settle();
    expect(assistant().dataset.status).toBe('queued');
    await ui.serve({ type: 'chat-status', conversationId: 'c1', requestId: starts[1].requestId, messageId: 'a2', seq: 1, status: 'streaming', message: { ...queued, status: 'streaming' } });
    await ui.settle();
    expect(assistant().dataset.status).toBe('streaming');
  });

  it('a second prompt typed before a new chat exists waits for it, then joins the same conversation', async () => {
    ui = await mount();
    await typeInto(composer(), 'First');
    await key(composer(), { key: 'Enter' });
    await typeInto(composer(), 'Second');
    await key(composer(), { key: 'Enter' });
    expect(ui.sent('chat-start')).toHaveLength(1);
    expect(ui.$('[data-testid=waiting-prompt]')!.textContent).toContain('Second');
    const start = ui.sent('chat-start')[0];
    await ui.serve({
      type: 'chat-started',
      conversationId: 'c1',
      requestId: start.requestId,
      messageId: 'a1',
      seq: 0,
      conversation: conversation('c1', { title: 'First' }),
      messages: [message('u1', 'user', 0, { text: 'First' }), message('a1', 'assistant', 1, { status: 'queued' })],
    });
    await ui.settle();
    const starts = ui.sent('chat-start');
    expect(starts).toHaveLength(2);
    expect(starts[1]).toMatchObject({ conversationId: 'c1', text: 'Second' });
    expect(ui.$('[data-testid=waiting-prompt]')).toBeNull();
  });
});

describe('conversation settings for a new chat', () => {
  it('are sent with the first chat-start', async () => {
    ui = await mount();
    await click(ui.$('[data-testid=settings-toggle]'));
    const system = ui.$('[data-testid=system-prompt]') as HTMLTextAreaElement;
    system.value = 'Be brief.';
    system.dispatchEvent(new Event('change', { bubbles: true }));
    const temperature = ui.$('[data-testid=temperature]') as HTMLInputElement;
    temperature.value = '5';
    temperature.dispatchEvent(new Event('change', { bubbles: true }));
    await ui.settle();
    expect(temperature.value).toBe('2'); // clamped to the sane range
    await typeInto(composer(), 'Hi');
    await key(composer(), { key: 'Enter' });
    expect(ui.sent('chat-start')[0].options).toEqual({ model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', system: 'Be brief.', temperature: 2 });
  });
});

describe('typing hints (issue #16: the background warms the socket while the user types)', () => {
  it('typing sends one composer-typing per conversation per 10 s, none for blanks; a new target sends at once', async () => {
    ui = await mount();
    await typeInto(composer(), '   ');
    expect(ui.sent('composer-typing')).toEqual([]);
    await typeInto(composer(), 'Hel');
    await typeInto(composer(), 'Hello');
    expect(ui.sent('composer-typing')).toEqual([{ type: 'composer-typing' }]);
    await key(composer(), { key: 'Enter' });
    const start = ui.sent('chat-start').at(-1)!;
    await ui.serve({ type: 'chat-started', conversationId: 'c1', requestId: start.requestId, messageId: 'a1', seq: 0, conversation: conversation('c1'), messages: [message('u1', 'user', 0, { text: 'Hello' })] });
    await typeInto(composer(), 'And then?');
    expect(ui.sent('composer-typing')).toEqual([{ type: 'composer-typing' }, { type: 'composer-typing', conversationId: 'c1' }]);
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 10_001);
    await typeInto(composer(), 'And then, later?');
    clock.mockRestore();
    expect(ui.sent('composer-typing')).toHaveLength(3);
  });

  it('a restarted background (the port reconnected) hears the next keystroke at once; typing while the port is down reconnects it', async () => {
    ui = await mount();
    await typeInto(composer(), 'Hello');
    expect(ui.sent('composer-typing')).toHaveLength(1);
    vi.useFakeTimers();
    ui.port().onDisconnect.trigger(); // the worker stopped
    await typeInto(composer(), 'Hello again');
    // The hint itself opened the new port (that starts the worker), and went out on it.
    expect(ui.ports).toHaveLength(2);
    expect(ui.port().posted.filter((m) => m.type === 'composer-typing')).toEqual([{ type: 'composer-typing' }]);
    vi.useRealTimers();
    await typeInto(composer(), 'Hello again, and more');
    expect(ui.port().posted.filter((m) => m.type === 'composer-typing')).toHaveLength(1); // throttled on this port
  });
});
