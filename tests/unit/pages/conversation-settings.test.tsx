// @vitest-environment happy-dom
// Issue #12 "Settings": this chat's settings and the global ones are visibly apart; "Max tokens"
// appears only where the transport sends it (HTTP; the socket sends none); an out-of-range value is
// brought into range and explained beside the field, never silently.
import { afterEach, describe, expect, it } from 'vitest';
import { click, conversation, key, message, mount, typeInto, type Mounted } from './harness';

let ui: Mounted;
afterEach(() => ui?.unmount());

async function chatOver(transport: 'socket' | 'http') {
  const composer = ui.$('[data-testid=composer]')!;
  await typeInto(composer, 'Hi');
  await key(composer, { key: 'Enter' });
  const { requestId } = ui.sent('chat-start').at(-1)!;
  await ui.serve({
    type: 'chat-started', conversationId: 'c1', requestId, messageId: 'a1', seq: 0, conversation: conversation(),
    messages: [message('u1', 'user', 0, { text: 'Hi' }), message('a1', 'assistant', 1, { status: 'done', text: 'Hello', transport })],
  });
}

describe('conversation settings sheet', () => {
  it('separates this chat from all chats', async () => {
    ui = await mount();
    await click(ui.$('[data-testid=settings-toggle]'));
    const chat = ui.$('[data-testid=settings-scope-chat]')!;
    const global = ui.$('[data-testid=settings-scope-global]')!;
    expect(chat.textContent).toBe('This chat only');
    expect(global.textContent).toMatch(/All chats/);
    // Per-chat fields come before the global heading, theme and language after it.
    const order = (sel: string) => chat.compareDocumentPosition(ui.$(sel)!) & Node.DOCUMENT_POSITION_FOLLOWING;
    expect(order('[data-testid=system-prompt]')).toBeTruthy();
    expect(global.compareDocumentPosition(ui.$('[data-testid=system-prompt]')!) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(global.compareDocumentPosition(ui.$('[data-testid=theme]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('hides Max tokens over the socket, shows it once the chat went over HTTP', async () => {
    ui = await mount();
    await chatOver('socket');
    await click(ui.$('[data-testid=settings-toggle]'));
    expect(ui.$('[data-testid=max-tokens]')).toBeNull();
    ui.unmount();
    ui = await mount();
    await chatOver('http');
    await click(ui.$('[data-testid=settings-toggle]'));
    expect(ui.$('[data-testid=max-tokens]')).not.toBeNull();
  });

  it('explains an out-of-range value beside the field and uses the nearest allowed one', async () => {
    ui = await mount();
    await click(ui.$('[data-testid=settings-toggle]'));
    const temperature = ui.$('[data-testid=temperature]') as HTMLInputElement;
    temperature.value = '5';
    temperature.dispatchEvent(new Event('change', { bubbles: true }));
    await ui.settle();
    expect(temperature.value).toBe('2');
    expect(ui.$('[data-testid=temperature-error]')!.textContent).toBe('5 is outside 0–2, so 2 is used.');
    expect(temperature.getAttribute('aria-invalid')).toBe('true');
    temperature.value = '0.7';
    temperature.dispatchEvent(new Event('change', { bubbles: true }));
    await ui.settle();
    expect(ui.$('[data-testid=temperature-error]')).toBeNull();
  });
});
