// @vitest-environment happy-dom
// Issue #12, keyboard: the Undo toast after a delete stays while focus is in History or in the toast
// (a keyboard user may need more than its 6 s to Tab there), and goes on its usual time once focus
// leaves both (components/Toast.tsx, PageActions.holdToast).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { click, conversation, mount, type Mounted } from './harness';
import { memoryHistory } from './memory-history';

let ui: Mounted;
afterEach(() => {
  ui?.unmount();
  vi.useRealTimers();
});

/** Conversations with these titles, newest first, in the in-memory history the list tests share. */
const historyOf = (titles: string[]) => memoryHistory(titles.map((title, i) => conversation(`c${i}`, { title, updatedAt: 1000 - i })));

const toast = () => ui.$('[data-testid=toast]');
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('the Undo toast and focus', () => {
  it('stays while focus is in History, goes 6 s after focus left it', async () => {
    ui = await mount({ history: historyOf(['Alpha', 'Beta']) });
    await click(ui.$('[data-testid=history-toggle]'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await click(ui.$$('[data-testid=delete-conversation]')[0]);
    await wait(0);
    expect(toast()).not.toBeNull();
    (ui.$('[data-testid=conversation-item]') as HTMLElement).focus();
    await wait(10_000);
    expect(toast()).not.toBeNull();
    (ui.$('#composer-input') as HTMLElement).focus();
    await wait(5_000);
    expect(toast()).not.toBeNull();
    await wait(1_500);
    expect(toast()).toBeNull();
  });
});
