// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '@/lib/protocol/records';
import { click, conversation, key, mount, typeInto, type Mounted } from './harness';
import { memoryHistory } from './memory-history';

let ui: Mounted;
afterEach(() => {
  ui?.unmount();
  vi.useRealTimers();
});

const titles = () => ui.$$('[data-testid=conversation-item] .conversation-title-text').map((e) => e.textContent);

async function openHistory(rows: Conversation[]) {
  const history = memoryHistory(rows);
  ui = await mount({ history });
  await click(ui.$('[data-testid=history-toggle]'));
  return history;
}

const rows = () => [
  conversation('a', { title: 'Alpha', updatedAt: 3 }),
  conversation('b', { title: 'Beta', updatedAt: 2, pinned: true }),
  conversation('c', { title: 'Gamma', updatedAt: 1 }),
];

describe('conversation list', () => {
  it('lists pinned first, then by recency', async () => {
    await openHistory(rows());
    expect(titles()).toEqual(['Beta', 'Alpha', 'Gamma']);
  });

  it('searches on each keystroke, a page at a time, and shows the latest query only', async () => {
    const history = await openHistory(rows());
    const search = ui.$('[data-testid=history-search]') as HTMLInputElement;
    for (const q of ['g', 'ga', 'gam']) {
      search.value = q;
      search.dispatchEvent(new Event('input', { bubbles: true }));
      await ui.settle();
    }
    expect(vi.mocked(history.search).mock.calls).toEqual([
      ['g', 50],
      ['ga', 50],
      ['gam', 50],
    ]);
    expect(titles()).toEqual(['Gamma']);
  });

  it('deletes with an Undo toast that restores the conversation', async () => {
    const history = await openHistory(rows());
    await click(ui.$$('[data-testid=delete-conversation]')[1]); // Alpha
    await ui.settle();
    expect(history.remove).toHaveBeenCalledWith('a');
    expect(titles()).toEqual(['Beta', 'Gamma']);
    expect(ui.$('[data-testid=toast]')!.textContent).toContain('Alpha');
    await click(ui.$('[data-testid=toast-action]'));
    await ui.settle();
    expect(history.undoRemove).toHaveBeenCalledWith('a');
    expect(titles()).toEqual(['Beta', 'Alpha', 'Gamma']);
  });

  it('renames inline (Enter commits) and pins from the menu', async () => {
    const history = await openHistory(rows());
    const renameButtons = ui.$$('.menu button').filter((b) => b.textContent === 'Rename');
    await click(renameButtons[2]); // Gamma
    const input = ui.$('[data-testid=rename-input]') as HTMLInputElement;
    await typeInto(input, 'Gamma ray');
    await key(input, { key: 'Enter' });
    await ui.settle();
    expect(history.rename).toHaveBeenCalledWith('c', 'Gamma ray');
    const pin = ui.$$('.menu button').filter((b) => b.textContent === 'Pin');
    await click(pin[1]); // Gamma ray (Alpha is index 0)
    await ui.settle();
    expect(history.setPinned).toHaveBeenCalledWith('c', true);
    expect(titles()).toEqual(['Beta', 'Gamma ray', 'Alpha']);
  });

  it('exports one conversation as Markdown through the platform download', async () => {
    await openHistory(rows());
    const exportMd = ui.$$('.menu button').filter((b) => b.textContent === 'Export as Markdown');
    await click(exportMd[1]);
    await ui.settle();
    expect(ui.platform.download).toHaveBeenCalledWith('Alpha.md', '# Alpha', 'text/markdown');
  });

  it('shows a clear error when an import fails', async () => {
    await openHistory(rows());
    await ui.actions.importFile('not json');
    await ui.settle();
    expect(ui.$('[data-testid=history-error]')!.textContent).toBe('Import failed: The file is not valid JSON.');
  });

  it('refuses a file over 50 MB before reading it (issue #11)', async () => {
    const history = await openHistory(rows());
    const file = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: 50 * 1024 * 1024 + 1 });
    const read = vi.spyOn(file, 'text');
    const input = ui.$('[data-testid=import-file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await ui.settle();
    expect(read).not.toHaveBeenCalled();
    expect(history.importText).not.toHaveBeenCalled();
    expect(ui.$('[data-testid=history-error]')!.textContent).toMatch(/^Import failed: The file is too large \(50\.0 MB\)/);
  });
});
