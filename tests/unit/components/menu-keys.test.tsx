// @vitest-environment happy-dom
// Issue #12, keyboard: a history row's menu (components/menu-keys.ts). The button opens it on its
// first item (ArrowUp: the last); inside, ArrowUp/ArrowDown wrap around, Home/End jump, Tab goes
// back to the button and closes; Esc closes it and puts focus back on the button (escape-layers.ts,
// wired as ConversationItem.tsx wires it). Real KeyboardEvents on the focused element.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onMenuButtonKey, onMenuKey } from '@/components/menu-keys';
import { onEscape, useEscapeLayer } from '@/components/escape-layers';

function press(key: string, init: KeyboardEventInit = {}): boolean {
  const target = (document.activeElement as HTMLElement | null) ?? document.body;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}
const focused = () => (document.activeElement as HTMLElement | null)?.textContent ?? '';

/** A row menu as ConversationItem builds it. */
function RowMenu({ onClose }: { onClose?: () => void }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const closeMenu = () => {
    menu.current?.removeAttribute('open');
    setOpen(false);
    onClose?.();
  };
  useEscapeLayer(open, () => {
    closeMenu();
    menu.current?.querySelector('summary')?.focus();
  });
  useEffect(() => {
    const onKey = onEscape(() => false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <details ref={menu}>
      <summary
        tabIndex={0}
        onKeyDown={(event) =>
          onMenuButtonKey(event, () => {
            if (menu.current) menu.current.open = true;
            setOpen(true);
            return menu.current?.querySelector<HTMLElement>('[role=menu]') ?? null;
          })
        }
      >
        More
      </summary>
      <div role="menu" onKeyDown={(event) => onMenuKey(event, event.currentTarget, closeMenu)}>
        <button type="button" role="menuitem" tabIndex={-1}>Rename</button>
        <button type="button" role="menuitem" tabIndex={-1}>Pin</button>
        <button type="button" role="menuitem" tabIndex={-1} disabled>Export</button>
        <button type="button" role="menuitem" tabIndex={-1}>Delete</button>
      </div>
    </details>
  );
}

let host: HTMLDivElement;
let closes: number;
beforeEach(async () => {
  closes = 0;
  host = document.createElement('div');
  document.body.append(host);
  await act(() => render(<RowMenu onClose={() => closes++} />, host));
});
afterEach(() => {
  void act(() => render(null, host));
  host.remove();
});

const button = () => host.querySelector('summary')!;
const details = () => host.querySelector('details')!;

async function openWith(key: string) {
  button().focus();
  let taken = false;
  await act(() => {
    taken = press(key);
  });
  return taken;
}

describe('the menu button', () => {
  it.each(['Enter', ' ', 'ArrowDown'])('%j opens the menu on its first item', async (key) => {
    expect(await openWith(key)).toBe(true);
    expect(details().open).toBe(true);
    expect(focused()).toBe('Rename');
  });

  it('ArrowUp opens it on its last item', async () => {
    expect(await openWith('ArrowUp')).toBe(true);
    expect(focused()).toBe('Delete');
  });

  it('other keys are left alone', async () => {
    expect(await openWith('a')).toBe(false);
    expect(details().open).toBe(false);
    expect(focused()).toBe('More');
  });
});

describe('inside the menu', () => {
  it('ArrowDown and ArrowUp move with wrap-around, skipping a disabled item', async () => {
    await openWith('Enter');
    expect(press('ArrowDown')).toBe(true);
    expect(focused()).toBe('Pin');
    press('ArrowDown'); // Export is disabled
    expect(focused()).toBe('Delete');
    press('ArrowDown'); // wraps
    expect(focused()).toBe('Rename');
    press('ArrowUp'); // wraps back
    expect(focused()).toBe('Delete');
    press('ArrowUp');
    expect(focused()).toBe('Pin');
  });

  it('Home and End jump to the first and the last item', async () => {
    await openWith('Enter');
    expect(press('End')).toBe(true);
    expect(focused()).toBe('Delete');
    expect(press('Home')).toBe(true);
    expect(focused()).toBe('Rename');
  });

  it('Tab goes back to the button and closes the menu (the browser then moves on from there)', async () => {
    await openWith('Enter');
    press('ArrowDown');
    await act(() => {
      expect(press('Tab')).toBe(false);
    });
    expect(focused()).toBe('More');
    expect(details().open).toBe(false);
    expect(closes).toBe(1);
  });

  it('Esc closes the menu and returns focus to its button', async () => {
    await openWith('ArrowDown');
    press('End');
    await act(() => {
      expect(press('Escape')).toBe(true);
    });
    expect(details().open).toBe(false);
    expect(focused()).toBe('More');
    // Nothing left open: Esc falls through.
    expect(press('Escape')).toBe(false);
  });
});
