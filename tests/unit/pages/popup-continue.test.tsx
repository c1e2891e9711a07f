// @vitest-environment happy-dom
// The popup continues its last conversation (issue #12): reopening shows it, a follow-up goes into
// it, New starts a fresh one and forgets the old; the model picker chooses the model the next turn
// is sent with; Compare opens the panel inside the click and hands it the typed prompt (issue #15).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '@/components/PopupApp';
import type { ClientMessage } from '@/lib/protocol/messages';
import type { Conversation } from '@/lib/protocol/records';
import { ChatActions } from '@/lib/pages/actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { emptyHistory } from '@/lib/pages/history';
import { PopupController, type PopupDeps } from '@/lib/pages/popup';
import { click, conversation, fakeConnect, frameQueue, key, message, MODELS, settle, typeInto } from './harness';

let container: HTMLElement | null = null;
let dispose: (() => void) | null = null;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  dispose?.();
  container = null;
});

const OTHER_MODEL = MODELS[2].id;

/** The popup as entrypoints/popup/main.tsx wires it, over fake ports and fake background deps. */
async function openPopup(memory: { id: string | null }, conversations: Record<string, Conversation> = {}) {
  frameQueue();
  const ports = fakeConnect();
  const store = new ChatStore();
  const client = new ChatClient(store);
  const actions = new ChatActions(store, client, emptyHistory(), { openPlayground: vi.fn(() => Promise.resolve()), download: vi.fn() });
  const order: string[] = [];
  const deps = {
    lastConversation: vi.fn(() => Promise.resolve(memory.id)),
    rememberConversation: vi.fn((id: string | null) => {
      memory.id = id;
      return Promise.resolve(null);
    }),
    getConversation: vi.fn((id: string) => Promise.resolve(conversations[id])),
    handOff: vi.fn(() => Promise.resolve(null)),
    handOffCompare: vi.fn(() => {
      order.push('handOffCompare');
      return Promise.resolve(null);
    }),
    openPanel: vi.fn(() => {
      order.push('openPanel');
      return Promise.resolve(true);
    }),
    currentWindow: () => Promise.resolve(6),
    openOptions: () => Promise.resolve(),
    close: vi.fn(() => order.push('close')),
  } satisfies PopupDeps;
  const popup = new PopupController(actions, deps);
  container = document.createElement('div');
  document.body.append(container);
  await act(async () => {
    render(<PopupApp popup={popup} />, container!);
    await actions.init();
    await popup.init();
  });
  const port = () => ports[ports.length - 1];
  await act(() => port().onMessage.trigger({ type: 'models-listed', models: MODELS, source: 'bundled' }));
  dispose = () => {
    popup.dispose();
    actions.dispose();
  };
  const $ = (selector: string) => container!.querySelector<HTMLElement>(selector);
  const sent = <T extends ClientMessage['type']>(type: T) => ports.flatMap((p) => p.posted).filter((m) => m.type === type) as Extract<ClientMessage, { type: T }>[];
  const ask = async (text: string) => {
    await typeInto($('[data-testid=composer]')!, text);
    await key($('[data-testid=composer]')!, { key: 'Enter' });
  };
  return { store, actions, popup, deps, order, port, $, sent, ask };
}

const earlier = () => [message('u1', 'user', 1, { text: 'What is a lighthouse?' }), message('a1', 'assistant', 2, { text: 'A tower with a lamp.', status: 'done', model: OTHER_MODEL })];

describe('popup: continues its last conversation', () => {
  it('reopens the remembered conversation with its model, and a follow-up goes into it', async () => {
    const memory = { id: 'c1' as string | null };
    const p = await openPopup(memory, { c1: conversation('c1', { model: OTHER_MODEL }) });
    expect(p.store.conversationId.value).toBe('c1');
    expect(p.sent('conversation-subscribe')).toEqual([{ type: 'conversation-subscribe', conversationId: 'c1' }]);
    await act(() => p.port().onMessage.trigger({ type: 'conversation-snapshot', conversation: conversation('c1', { model: OTHER_MODEL }), messages: earlier() }));
    await settle();
    expect(p.$('.popup-thread')!.textContent).toContain('A tower with a lamp.');
    expect((p.$('[data-testid=model-picker]') as HTMLSelectElement).value).toBe(OTHER_MODEL);
    expect(p.$('[data-testid=composer]')!.getAttribute('placeholder')).toBe('Ask a follow-up…');

    await p.ask('And who keeps it?');
    const [start] = p.sent('chat-start');
    expect(start).toMatchObject({ conversationId: 'c1', text: 'And who keeps it?', options: { model: OTHER_MODEL } });
    expect(p.store.conversationId.value).toBe('c1'); // not a new chat
    expect(p.deps.rememberConversation).not.toHaveBeenCalled();
  });

  it('New starts a fresh conversation and forgets the old one; the next one is remembered once created', async () => {
    const memory = { id: 'c1' as string | null };
    const p = await openPopup(memory, { c1: conversation('c1') });
    await click(p.$('[data-testid=new-chat]'));
    expect(p.store.conversationId.value).toBeNull();
    expect(memory.id).toBeNull();
    expect(p.$('.popup-empty')).not.toBeNull();

    await p.ask('A fresh question');
    const [start] = p.sent('chat-start');
    expect(start.conversationId).toBeUndefined();
    await act(() =>
      p.port().onMessage.trigger({ type: 'chat-started', requestId: start.requestId, conversationId: 'c2', conversation: conversation('c2'), messages: [message('u2', 'user', 1, { conversationId: 'c2', text: 'A fresh question' })], seq: 0 }),
    );
    expect(memory.id).toBe('c2');
  });

  it('a deleted remembered conversation is not reopened, and is forgotten', async () => {
    const memory = { id: 'gone' as string | null };
    const p = await openPopup(memory, { gone: conversation('gone', { deletedAt: 1 }) });
    expect(p.store.conversationId.value).toBeNull();
    expect(p.sent('conversation-subscribe')).toEqual([]);
    expect(memory.id).toBeNull();
  });

  it('the model picker chooses the model the next prompt is sent with', async () => {
    const p = await openPopup({ id: null });
    const picker = p.$('[data-testid=model-picker]') as HTMLSelectElement;
    expect([...picker.querySelectorAll('option')].map((o) => o.value)).toContain(OTHER_MODEL);
    await act(() => {
      picker.value = OTHER_MODEL;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await p.ask('Which model are you?');
    expect(p.sent('chat-start')[0].options).toMatchObject({ model: OTHER_MODEL });
  });
});

describe('popup: Compare', () => {
  it('opens the panel first, inside the click, then hands it the typed prompt and this conversation', async () => {
    const p = await openPopup({ id: 'c1' }, { c1: conversation('c1') });
    await typeInto(p.$('[data-testid=composer]')!, 'Compare this');
    await click(p.$('[data-testid=compare]'));
    expect(p.deps.openPanel).toHaveBeenCalledWith(6); // synchronously, in the click
    await vi.waitFor(() => expect(p.deps.close).toHaveBeenCalled());
    expect(p.order).toEqual(['openPanel', 'handOffCompare', 'close']);
    expect(p.deps.handOffCompare).toHaveBeenCalledWith('Compare this', 'c1', 6);
    expect(p.sent('chat-start')).toEqual([]); // nothing is asked in the popup itself
  });

  it('with nothing typed: no panel, a word about typing first', async () => {
    const p = await openPopup({ id: null });
    await click(p.$('[data-testid=compare]'));
    expect(p.deps.openPanel).not.toHaveBeenCalled();
    expect(p.$('[data-testid=error]')?.textContent).toBeTruthy();
  });

  it('a handoff that cannot be written keeps the popup open with the prompt typed', async () => {
    const p = await openPopup({ id: null });
    p.deps.handOffCompare.mockImplementationOnce(() => Promise.reject(new Error('storage full')));
    await typeInto(p.$('[data-testid=composer]')!, 'Keep me');
    await click(p.$('[data-testid=compare]'));
    await vi.waitFor(() => expect(p.$('[data-testid=error]')).not.toBeNull());
    expect(p.deps.close).not.toHaveBeenCalled();
    expect((p.$('[data-testid=composer]') as HTMLTextAreaElement).value).toBe('Keep me');
  });
});
