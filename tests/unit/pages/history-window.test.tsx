// @vitest-environment happy-dom
// The windowed history list (issue #16): bounded DOM and page cache through 1,500 conversations
// (enough to drop pages many times over; the bench scrolls 10,000 in the real panel),
// keyboard navigation from a focused row scrolled away, and delete/rename deep in the list.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { click, conversation, key, mount, typeInto, type Mounted } from './harness';
import { memoryHistory } from './memory-history';

let ui: Mounted;
afterEach(() => ui?.unmount());

const many = (n: number) => Array.from({ length: n }, (_, i) => conversation(`c${i}`, { title: `Chat ${i}`, updatedAt: 100_000 - i }));

async function openHistory(n: number) {
  const history = memoryHistory(many(n));
  ui = await mount({ history });
  await click(ui.$('[data-testid=history-toggle]'));
  await ui.settle();
  return history;
}

const scroller = () => ui.$('.history-groups') as HTMLElement;
const list = () => ui.$('[data-testid=history-list]') as HTMLElement;
const rendered = () => ui.$$('[data-testid=history-list] > li[data-index]');
const row = (index: number) => ui.$(`li[data-index="${index}"]`);
const focusedIndex = () => Number((document.activeElement as HTMLElement | null)?.closest<HTMLElement>('li[data-index]')?.dataset.index);
const pages = () => (ui.actions).historyPages;

/** Lets the page reads (a few in a row after a change) finish. */
async function settleReads() {
  for (let i = 0; i < 10; i++) await ui.settle();
}

async function scrollTo(top: number) {
  scroller().scrollTop = top;
  scroller().dispatchEvent(new Event('scroll'));
  await ui.settle();
}

/** Scrolls to the end again and again (each reveals the next page) until row `index` is read, then to it. */
async function scrollDownTo(index: number) {
  for (let step = 0; step < 50 && !row(index)?.querySelector('.conversation-item'); step++) {
    await scrollTo(index < pages().count - 1 ? Math.max(0, index * 56 - 100) : parseFloat(list().parentElement!.style.height));
  }
}

/** Seven times the page cache's bound: the first pages are long dropped when the end is reached. */
const LONG = 1_500;

describe('windowed history list', () => {
  it('scrolls through 1,500 conversations with a bounded DOM and page cache, reading pages by cursor', async () => {
    const history = await openHistory(LONG);
    let maxRendered = 0;
    let maxHeld = 0;
    for (let step = 0; step < 400 && !pages().isComplete; step++) {
      await scrollTo(parseFloat(list().parentElement!.style.height));
      maxRendered = Math.max(maxRendered, rendered().length);
      maxHeld = Math.max(maxHeld, pages().heldRows);
    }
    expect(pages().isComplete).toBe(true);
    const last = row(LONG - 1)!;
    expect(last.textContent).toContain(`Chat ${LONG - 1}`);
    expect(last.getAttribute('aria-posinset')).toBe(String(LONG));
    expect(last.getAttribute('aria-setsize')).toBe(String(LONG));
    expect(maxRendered).toBeLessThanOrEqual(40);
    expect(maxHeld).toBeLessThanOrEqual(200);
    // Each read is one page after a cursor, never the whole list so far.
    expect(vi.mocked(history.list).mock.calls.every(([limit]) => limit === 50)).toBe(true);
    expect(vi.mocked(history.list).mock.calls.at(-1)![1]).toMatchObject({ id: `c${LONG - 1}` });

    // Back to the top: the dropped first page is read again.
    await scrollTo(0);
    expect(row(0)?.textContent).toContain('Chat 0');
    expect(pages().heldRows).toBeLessThanOrEqual(200);
  }, 120_000);

  it('keeps a focused row rendered when scrolled away, and the arrow keys go on from it', async () => {
    await openHistory(300);
    (row(3)!.querySelector('.conversation-item') as HTMLElement).focus();
    await ui.settle();
    await scrollDownTo(120);
    expect(row(10)).toBeNull();
    expect(row(3)).not.toBeNull();
    expect(focusedIndex()).toBe(3);
    await key(document.activeElement as HTMLElement, { key: 'ArrowDown', bubbles: true });
    await ui.settle();
    expect(focusedIndex()).toBe(4);
    expect(document.activeElement?.classList.contains('conversation-item')).toBe(true);
    expect(scroller().scrollTop).toBeLessThan(1_000);

    await key(document.activeElement as HTMLElement, { key: 'End', bubbles: true });
    for (let i = 0; i < 20; i++) await ui.settle();
    expect(focusedIndex()).toBe(299);
    expect(row(299)!.getAttribute('aria-setsize')).toBe('300');
    await key(document.activeElement as HTMLElement, { key: 'Home', bubbles: true });
    await ui.settle();
    expect(focusedIndex()).toBe(0);
  }, 60_000);

  it('deletes (with Undo) and renames a row deep in the list, in its window', async () => {
    const history = await openHistory(300);
    await scrollDownTo(152);
    const deleteButton = row(152)!.querySelector('[data-testid=delete-conversation]') as HTMLElement;
    expect(row(152)!.textContent).toContain('Chat 152');
    await click(deleteButton);
    await settleReads();
    expect(history.remove).toHaveBeenCalledWith('c152');
    expect(row(152)!.textContent).toContain('Chat 153');
    expect(row(151)!.textContent).toContain('Chat 151');
    await click(ui.$('[data-testid=toast-action]'));
    await settleReads();
    expect(row(152)!.textContent).toContain('Chat 152');

    const rename = [...row(155)!.querySelectorAll<HTMLElement>('.menu button')].find((b) => b.textContent === 'Rename')!;
    await click(rename);
    const input = ui.$('[data-testid=rename-input]') as HTMLInputElement;
    await typeInto(input, 'Renamed far down');
    await key(input, { key: 'Enter' });
    await settleReads();
    expect(history.rename).toHaveBeenCalledWith('c155', 'Renamed far down');
    expect(row(155)!.textContent).toContain('Renamed far down');
  }, 60_000);
});
