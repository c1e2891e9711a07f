// Keeps keyboard focus inside an open sheet (History, Settings) (issue #12): focus moves in when it
// opens, Tab and Shift+Tab wrap around inside it (and through the Undo toast when one shows), and a
// control that disappears under focus hands it to its neighbour. Esc is not handled here: escape-layers.ts closes
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
 * Elements outside the sheet that join its Tab cycle while they are shown: the Undo toast after a
 * delete in History (issue #12), which lives at the page's edge, not inside the sheet.
 */
export const FOCUS_COMPANION = 'data-focus-companion';

function companionsOf(container: HTMLElement): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[${FOCUS_COMPANION}]`)].filter((el) => !container.contains(el));
}

/** Where focus goes when the focused element disappears: the nearest control after it, else before it. */
interface FocusPlace {
  el: HTMLElement;
  fallbacks: HTMLElement[];
}

const follows = (a: Node, b: Node) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

/**
 * Moves focus into `container` (the first field outside its header, else its first control) and
 * wraps Tab inside it, through its companions (FOCUS_COMPANION) after its own controls. When the
 * focused control disappears (a deleted row, a rename box, the Undo button) focus moves to the
 * nearest control that remains instead of falling out to the page. Returns the cleanup.
 */
export function trapFocus(container: HTMLElement): () => void {
  if (!container.contains(document.activeElement)) {
    const all = tabbables(container);
    const first = all.find((el) => !container.contains(el.closest('header'))) ?? all[0];
    first?.focus();
  }
  const within = (el: Element | null, boxes: HTMLElement[]) => !!el && boxes.some((box) => box.contains(el));

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || event.defaultPrevented) return;
    const own = tabbables(container);
    const extra = companionsOf(container).flatMap(tabbables);
    const all = [...own, ...extra];
    if (all.length === 0) return event.preventDefault();
    const active = document.activeElement as HTMLElement | null;
    let target: HTMLElement | undefined;
    if (!within(active, [container, ...companionsOf(container)])) target = event.shiftKey ? all.at(-1) : all[0];
    else if (!event.shiftKey && active === own.at(-1)) target = extra[0] ?? own[0];
    else if (!event.shiftKey && active === extra.at(-1)) target = own[0] ?? extra[0];
    else if (event.shiftKey && active === own[0]) target = extra.at(-1) ?? own.at(-1);
    else if (event.shiftKey && active === extra[0]) target = own.at(-1) ?? extra.at(-1);
    if (!target) return; // between two controls in page order: the browser's own Tab is right
    event.preventDefault();
    target.focus();
  };

  let place: FocusPlace | null = null;
  let lastInside: FocusPlace | null = null;
  const onFocusIn = (event: FocusEvent) => {
    const el = event.target as HTMLElement;
    if (container.contains(el)) {
      const own = tabbables(container).filter((t) => t !== el && !t.contains(el));
      const after = own.filter((t) => follows(el, t));
      const before = own.filter((t) => !follows(el, t)).reverse();
      place = lastInside = { el, fallbacks: [...after, ...before] };
    } else if (within(el, companionsOf(container))) {
      // Leaving the toast (its Undo ran) goes back to where the user was in the sheet.
      place = { el, fallbacks: lastInside ? [lastInside.el, ...lastInside.fallbacks] : tabbables(container) };
    }
  };
  // Removing the focused element moves focus to <body> without any event: watch for it.
  const observer = new MutationObserver(() => {
    if (!place || place.el.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const now = tabbables(container);
    const next = place.fallbacks.find((el) => now.includes(el)) ?? now[0];
    place = null;
    next?.focus();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  // On the document: focus may have been left outside (a click on the page behind), Tab brings it back.
  document.addEventListener('keydown', onKey);
  document.addEventListener('focusin', onFocusIn);
  return () => {
    observer.disconnect();
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('focusin', onFocusIn);
  };
}

/** trapFocus while `open` is set (null: closed); a different value (another sheet) traps afresh. */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, open: string | null): void {
  useEffect(() => {
    if (open === null || !ref.current) return;
    return trapFocus(ref.current);
  }, [open]);
}
