// @vitest-environment happy-dom
// The "‹ 2/3 ›" switcher (issue #12): shown from the versions the background sends, asks for
// another version with version-select, disabled at the ends and while an answer is written.
import { afterEach, describe, expect, it } from 'vitest';
import { click, conversation, message, mount, type Mounted } from './harness';

let ui: Mounted;
afterEach(() => ui?.unmount());

const versions = { a2: { current: 2, count: 3, ids: ['a1', 'a2', 'a3'] } };

async function opened(extra: { streaming?: boolean } = {}) {
  ui = await mount();
  ui.store.openConversation(conversation('c1'));
  await ui.serve({
    type: 'conversation-snapshot',
    conversation: conversation('c1'),
    messages: [message('u1', 'user', 0, { text: 'Q' }), message('a2', 'assistant', 1, { text: 'second take', status: extra.streaming ? 'streaming' : 'done' })],
    versions,
  });
}

describe('version switcher', () => {
  it('shows 2/3 on the message with versions only, and switches with real clicks', async () => {
    await opened();
    const switchers = ui.$$('[data-testid=message-versions]');
    expect(switchers).toHaveLength(1);
    expect(switchers[0].dataset).toMatchObject({ current: '2', count: '3' });
    expect(switchers[0].textContent).toContain('2/3');
    const prev = ui.$('[data-testid=version-prev]') as HTMLButtonElement;
    const next = ui.$('[data-testid=version-next]') as HTMLButtonElement;
    expect(prev.getAttribute('aria-label')).toBe('Previous version');
    expect(next.getAttribute('aria-label')).toBe('Next version');
    await click(prev);
    await click(next);
    expect(ui.sent('version-select')).toEqual([
      { type: 'version-select', conversationId: 'c1', messageId: 'a1' },
      { type: 'version-select', conversationId: 'c1', messageId: 'a3' },
    ]);
  });

  it('is disabled at the ends, and follows the next snapshot', async () => {
    await opened();
    await ui.serve({
      type: 'conversation-snapshot',
      conversation: conversation('c1'),
      messages: [message('u1', 'user', 0, { text: 'Q' }), message('a1', 'assistant', 1, { text: 'first take', status: 'done' })],
      versions: { a1: { current: 1, count: 3, ids: ['a1', 'a2', 'a3'] } },
    });
    expect(ui.$('[data-testid=message-versions]')?.dataset.current).toBe('1');
    expect((ui.$('[data-testid=version-prev]') as HTMLButtonElement).disabled).toBe(true);
    expect((ui.$('[data-testid=version-next]') as HTMLButtonElement).disabled).toBe(false);
    await ui.serve({ type: 'conversation-snapshot', conversation: conversation('c1'), messages: [message('u1', 'user', 0, { text: 'Q' })] });
    expect(ui.$('[data-testid=message-versions]')).toBeNull();
  });

  it('a version of a user message shows the switcher too; an answer being written shows none', async () => {
    await opened({ streaming: true });
    expect(ui.$('[data-testid=message-versions]')).toBeNull(); // the answer's footer waits for its end
    await ui.serve({
      type: 'conversation-snapshot',
      conversation: conversation('c1'),
      messages: [message('u2', 'user', 0, { text: 'Edited Q' }), message('a9', 'assistant', 1, { text: 'x', status: 'streaming' })],
      versions: { u2: { current: 2, count: 2, ids: ['u1', 'u2'] } },
    });
    const user = ui.$('.user-turn [data-testid=message-versions]');
    expect(user?.dataset.current).toBe('2');
    expect((ui.$('[data-testid=version-prev]') as HTMLButtonElement).disabled).toBe(true); // busy: an answer is written
  });
});
