// @vitest-environment happy-dom
// Issue #12, Esc closes the innermost thing first: the History search text, then History. A layer
// must leave the stack when the thing it closes is gone from the screen, not a frame later: a
// second Esc pressed as soon as the search box shows empty (a fast double press, or CI's e2e
// "Esc closes History" test) used to reach the stale search layer and leave History open.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onEscape, useEscapeLayer } from '@/components/escape-layers';

function press(): void {
  document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
}

/** History as App and ConversationList wire it: a sheet layer, and a search-text layer inside it. */
function Sheet({ onClosed }: { onClosed: () => void }) {
  const [open, setOpen] = useState(true);
  useEscapeLayer(open, () => {
    setOpen(false);
    onClosed();
  });
  useEffect(() => {
    const onKey = onEscape(() => false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return open ? <Search /> : null;
}
function Search() {
  const [query, setQuery] = useState('');
  useEscapeLayer(query !== '', () => setQuery(''));
  return <input data-testid="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />;
}

describe('Esc layers', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('the second Esc, pressed as soon as the search box is empty, closes the sheet', async () => {
    const closed = vi.fn();
    await act(() => render(<Sheet onClosed={closed} />, root));
    const search = root.querySelector<HTMLInputElement>('[data-testid=search]')!;
    search.focus();
    await act(() => {
      search.value = 'zz';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    press();
    // Preact renders in a microtask; effects (useEffect) wait for the next frame.
    for (let i = 0; i < 20 && search.value !== ''; i++) await Promise.resolve();
    expect(search.value).toBe('');
    press();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
