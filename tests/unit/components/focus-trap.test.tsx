// @vitest-environment happy-dom
// Issue #12, keyboard: an open sheet keeps Tab inside (components/focus-trap.ts), and Esc closes it
// and gives focus back to the button that opened it (escape-layers.ts, wired as App.tsx wires it).
// Real KeyboardEvents on the focused element, bubbling to the document as a key press would.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOCUS_COMPANION, tabbables, trapFocus, useFocusTrap } from '@/components/focus-trap';
import { onEscape, useEscapeLayer } from '@/components/escape-layers';

/** Presses `key` where focus is (or on the body); returns whether the page took it (preventDefault). */
function press(key: string, init: KeyboardEventInit = {}): boolean {
  const target = (document.activeElement as HTMLElement | null) ?? document.body;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}
const focusedId = () => (document.activeElement as HTMLElement | null)?.id ?? '';

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(() => {
  void act(() => render(null, host));
  host.remove();
});

/** A sheet with one of everything. (The summary says tabIndex 0: Chrome gives a summary tabIndex 0, happy-dom -1.) */
function sheet(): HTMLElement {
  render(
    <div>
      <button id="outside">outside</button>
      <section id="sheet">
        <header>
          <button id="close">Close</button>
        </header>
        <input id="search" />
        <button id="hidden-one" hidden>hidden</button>
        <button id="skipped" tabIndex={-1}>skipped</button>
        <details>
          <summary id="menu" tabIndex={0}>More</summary>
          <button id="inside-closed-menu">Rename</button>
        </details>
        <button id="disabled" disabled>disabled</button>
        <button id="last">Show more</button>
      </section>
    </div>,
    host,
  );
  return host.querySelector<HTMLElement>('#sheet')!;
}

describe('trapFocus', () => {
  it('lists only what Tab can reach: no hidden, tabindex=-1, disabled, or closed-menu items', () => {
    const el = sheet();
    expect(tabbables(el).map((e) => e.id)).toEqual(['close', 'search', 'menu', 'last']);
    el.querySelector('details')!.open = true;
    expect(tabbables(el).map((e) => e.id)).toEqual(['close', 'search', 'menu', 'inside-closed-menu', 'last']);
  });

  it('moves focus in on open: the first field below the header', () => {
    const el = sheet();
    document.getElementById('outside')!.focus();
    const release = trapFocus(el);
    expect(focusedId()).toBe('search');
    release();
  });

  it('Tab on the last control wraps to the first; Shift+Tab on the first wraps to the last', () => {
    const release = trapFocus(sheet());
    document.getElementById('last')!.focus();
    expect(press('Tab')).toBe(true);
    expect(focusedId()).toBe('close');
    expect(press('Tab', { shiftKey: true })).toBe(true);
    expect(focusedId()).toBe('last');
    release();
  });

  it('Tab in the middle is left to the browser', () => {
    const release = trapFocus(sheet());
    document.getElementById('search')!.focus();
    expect(press('Tab')).toBe(false);
    expect(press('Tab', { shiftKey: true })).toBe(false);
    expect(focusedId()).toBe('search');
    release();
  });

  it('focus left outside (a click behind the sheet): Tab brings it back in, at either end', () => {
    const release = trapFocus(sheet());
    document.getElementById('outside')!.focus();
    expect(press('Tab')).toBe(true);
    expect(focusedId()).toBe('close');
    document.getElementById('outside')!.focus();
    expect(press('Tab', { shiftKey: true })).toBe(true);
    expect(focusedId()).toBe('last');
    release();
  });

  it('released: Tab is no longer held', () => {
    trapFocus(sheet())();
    document.getElementById('last')!.focus();
    expect(press('Tab')).toBe(false);
    expect(focusedId()).toBe('last');
  });
});

/** A list of rows in a sheet, and an Undo toast outside it that joins its Tab cycle. */
function listWithToast(rows: string[], toast: boolean) {
  render(
    <div>
      <section id="sheet">
        <input id="search" />
        <ul>
          {rows.map((row) => (
            <li key={row}>
              <button id={`open-${row}`}>{row}</button>
              <button id={`menu-${row}`}>⋯</button>
            </li>
          ))}
        </ul>
      </section>
      <button id="composer">composer</button>
      {toast && (
        <div id="toast" {...{ [FOCUS_COMPANION]: '' }}>
          <button id="undo">Undo</button>
          <button id="dismiss">Dismiss</button>
        </div>
      )}
    </div>,
    host,
  );
  return host.querySelector<HTMLElement>('#sheet')!;
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('trapFocus with a companion and disappearing controls', () => {
  it("a toast joins the sheet's Tab cycle after the sheet's own controls, both ways, and the page behind stays out", () => {
    const release = trapFocus(listWithToast(['a', 'b'], true));
    document.getElementById('menu-b')!.focus();
    expect(press('Tab')).toBe(true);
    expect(focusedId()).toBe('undo');
    expect(press('Tab')).toBe(false); // Undo → Dismiss: next to each other, the browser's own Tab
    document.getElementById('dismiss')!.focus();
    expect(press('Tab')).toBe(true);
    expect(focusedId()).toBe('search');
    expect(press('Tab', { shiftKey: true })).toBe(true);
    expect(focusedId()).toBe('dismiss');
    document.getElementById('undo')!.focus();
    expect(press('Tab', { shiftKey: true })).toBe(true);
    expect(focusedId()).toBe('menu-b');
    release();
  });

  it('without a toast the cycle is the sheet alone', () => {
    const release = trapFocus(listWithToast(['a', 'b'], false));
    document.getElementById('menu-b')!.focus();
    expect(press('Tab')).toBe(true);
    expect(focusedId()).toBe('search');
    release();
  });

  it("a row removed under focus hands focus to the next row, the last row's to the one before", async () => {
    const sheetEl = listWithToast(['a', 'b', 'c'], false);
    const release = trapFocus(sheetEl);
    document.getElementById('menu-b')!.focus();
    listWithToast(['a', 'c'], false);
    await settle();
    expect(focusedId()).toBe('open-c');
    document.getElementById('menu-c')!.focus();
    listWithToast(['a'], false);
    await settle();
    expect(focusedId()).toBe('menu-a');
    release();
  });

  it('the Undo button going away gives focus back to where it was in the sheet', async () => {
    const release = trapFocus(listWithToast(['a', 'c'], true));
    document.getElementById('open-c')!.focus();
    document.getElementById('undo')!.focus();
    listWithToast(['a', 'b', 'c'], false);
    await settle();
    expect(focusedId()).toBe('open-c');
    release();
  });

  it('released: a removed control no longer moves focus', async () => {
    const release = trapFocus(listWithToast(['a', 'b'], false));
    document.getElementById('menu-a')!.focus();
    release();
    listWithToast(['b'], false);
    await settle();
    expect(document.activeElement).toBe(document.body);
  });
});

/** The App's wiring in small: a button opens a sheet; the sheet traps focus; Esc closes it and focus goes back to the button. */
function Page() {
  const [open, setOpen] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(null);
    document.getElementById('opener')?.focus();
  };
  useEscapeLayer(open !== null, close);
  useFocusTrap(ref, open);
  useEffect(() => {
    const onKey = onEscape(() => false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div>
      <button id="opener" onClick={() => setOpen('history')}>History</button>
      <div ref={ref}>
        {open && (
          <section id="history">
            <input id="history-search" />
            <button id="history-row">A conversation</button>
          </section>
        )}
      </div>
    </div>
  );
}

describe('useFocusTrap with the Esc layers', () => {
  it('opening takes focus in, Tab wraps inside, Esc closes and returns focus to the opener', async () => {
    await act(() => render(<Page />, host));
    const opener = document.getElementById('opener')!;
    opener.focus();
    await act(() => opener.click());
    expect(focusedId()).toBe('history-search');
    document.getElementById('history-row')!.focus();
    expect(press('Tab')).toBe(true);
    expect(focusedId()).toBe('history-search');
    await act(() => {
      expect(press('Escape')).toBe(true);
    });
    expect(document.getElementById('history')).toBeNull();
    expect(focusedId()).toBe('opener');
    // Closed: nothing holds Tab any more, and Esc has nothing to close.
    expect(press('Tab')).toBe(false);
    expect(press('Escape')).toBe(false);
  });
});
