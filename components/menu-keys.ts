// Keyboard for a menu button (issue #12): Enter, Space or ArrowDown on the button opens the menu on
// its first item (ArrowUp: the last); inside, the arrows move with wrap-around, Home/End jump, Tab
// closes. Esc is left to escape-layers.ts (it closes the innermost open thing and the row puts focus
// back on the button). https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/

function items(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])')];
}

/** keydown on the menu button; `open` opens the menu and returns its element (null: cannot). */
export function onMenuButtonKey(event: KeyboardEvent, open: () => HTMLElement | null): void {
  const first = event.key === 'Enter' || event.key === ' ' || event.key === 'ArrowDown';
  if (!first && event.key !== 'ArrowUp') return;
  event.preventDefault(); // not the <summary>'s own toggle
  const menu = open();
  if (!menu) return;
  const all = items(menu);
  (first ? all[0] : all.at(-1))?.focus();
}

/** keydown inside the open menu. */
export function onMenuKey(event: KeyboardEvent, menu: HTMLElement, close: () => void): void {
  const all = items(menu);
  const index = all.indexOf(document.activeElement as HTMLElement);
  let next: number | null = null;
  if (event.key === 'ArrowDown') next = (index + 1) % all.length;
  else if (event.key === 'ArrowUp') next = (index - 1 + all.length) % all.length;
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = all.length - 1;
  else if (event.key === 'Tab') {
    // Back on the button first, so Tab goes on from there (not from a hidden item).
    (menu.closest('details')?.querySelector('summary') ?? null)?.focus();
    close();
  }
  if (next === null || all.length === 0) return;
  event.preventDefault();
  all[next].focus();
}
