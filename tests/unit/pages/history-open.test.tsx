// @vitest-environment happy-dom
// The history sheet opened the moment the panel shows (issue #16, history open): it never says
// "No conversations yet" before the list is read, and the list is read alongside the settings,
// not after them.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '@/components/App';
import { PanelActions } from '@/lib/pages/panel-actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { frameScheduler } from '@/lib/pages/message-states';
import type { UiSettings } from '@/lib/pages/history';
import { click, conversation, fakeConnect, frameQueue, settle } from './harness';
import { memoryHistory } from './memory-history';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The real panel over a history whose settings read waits until the test resolves it. */
async function panelWithSlowSettings() {
  frameQueue();
  fakeConnect();
  let resolveSettings!: (s: UiSettings) => void;
  const history = {
    ...memoryHistory([conversation('a', { title: 'Alpha' }), conversation('b', { title: 'Beta', updatedAt: 1 })]),
    loadSettings: () => new Promise<UiSettings>((resolve) => (resolveSettings = resolve)),
  };
  const store = new ChatStore(frameScheduler(() => 0));
  const actions = new PanelActions(store, new ChatClient(store), history, { openPlayground: () => Promise.resolve(), download: () => undefined });
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => render(<App actions={actions} />, container));
  cleanup = () => {
    render(null, container);
    container.remove();
    actions.dispose();
  };
  return { actions, container, history, resolveSettings: (s: UiSettings) => resolveSettings(s) };
}

describe('history opened as the panel starts', () => {
  it('shows a loading row, never "No conversations yet", until the first read, then the list', async () => {
    const { actions, container } = await panelWithSlowSettings();
    // The sheet opens before init() starts any read (a click in the panel's first frame).
    await click(container.querySelector<HTMLElement>('[data-testid=history-toggle]'));
    expect(container.querySelector('.history-empty')).toBeNull();
    expect(container.querySelector('[data-testid=history-list] .placeholder')).not.toBeNull();
    void actions.init();
    for (let i = 0; i < 5; i++) await settle();
    expect(container.querySelector('.history-empty')).toBeNull();
    expect([...container.querySelectorAll('.conversation-title-text')].map((e) => e.textContent)).toEqual(['Alpha', 'Beta']);
  });

  it('reads the list without waiting for the settings', async () => {
    const { actions, container, history, resolveSettings } = await panelWithSlowSettings();
    void actions.init();
    await click(container.querySelector<HTMLElement>('[data-testid=history-toggle]'));
    for (let i = 0; i < 5; i++) await settle();
    expect(history.list).toHaveBeenCalled();
    expect(container.querySelectorAll('[data-testid=conversation-item]')).toHaveLength(2);
    resolveSettings({});
    await settle();
  });
});
