// Keeps keyboard focus inside an open sheet (History, Settings) (issue #12): focus moves in when it
// opens, Tab and Shift+Tab wrap around inside it. Esc is not handled here: escape-layers.ts closes
// the innermost open thing and the App gives focus back to the button that opened the sheet.
// https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type=hidden])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements Tab can reach inside `container`, in order (hidden ones and tabindex=-1 skipped). */
export function tabbables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if (el.tabIndex < 0 || el.closest('[hidden],[inert],[aria-hidden=true]')) return false;
    // A closed <details> hides everything but its summary.
    const details = el.parentElement?.closest('details');
    if (details && !details.open && el.tagName !== 'SUMMARY') return false;
    return true;
  });
}

/**
 * Moves focus into `container` (the first field outside its header, else its first control) and
 * wraps Tab inside it. Returns the cleanup.
 */
export function trapFocus(container: HTMLElement): () => void {
  if (!container.contains(document.activeElement)) {
    const all = tabbables(container);
    const first = all.find((el) => !container.contains(el.closest('header'))) ?? all[0];
    first?.focus();
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || event.defaultPrevented) return;
    const all = tabbables(container);
    if (all.length === 0) return event.preventDefault();
    const first = all[0];
    const last = all[all.length - 1];
    const active = document.activeElement as HTMLElement | null;
    const inside = !!active && container.contains(active);
    if (event.shiftKey && (!inside || active === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || active === last)) {
      event.preventDefault();
      first.focus();
    }
  };
  // On the document: focus may have been left outside (a click on the page behind), Tab brings it back.
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

/** trapFocus while `open` is set (null: closed); a different value (another sheet) traps afresh. */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, open: string | null): void {
  useEffect(() => {
    if (open === null || !ref.current) return;
    return trapFocus(ref.current);
  }, [open]);
}
