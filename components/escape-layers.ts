// Esc closes the innermost open thing first (issue #12): the row menu, the search text, the History
// or Settings sheet, the shortcuts list, each registered here while open, newest on top. Only when
// nothing is open does Esc stop a streaming answer (the App's handler). One document listener; an
// element that handles Esc itself (an inline edit box) calls preventDefault and is left alone.
import { useLayoutEffect, useRef } from 'preact/hooks';

interface Layer {
  close(): void;
}

const stack: Layer[] = [];

/** Registers `close` as the innermost Esc target while `open` is true. */
export function useEscapeLayer(open: boolean, close: () => void): void {
  const latest = useRef(close);
  latest.current = close;
  // A layout effect, so a layer leaves the stack in the same commit that takes its thing off the
  // screen. useEffect waits for the next frame: an Esc pressed in between (a quick double press)
  // reached the closed search layer again and History stayed open (tests/unit/components/escape-layers).
  useLayoutEffect(() => {
    if (!open) return;
    const layer: Layer = { close: () => latest.current() };
    stack.push(layer);
    return () => {
      const index = stack.indexOf(layer);
      if (index >= 0) stack.splice(index, 1);
    };
  }, [open]);
}

/** Closes the innermost layer; false when nothing was open. */
export function closeInnermost(): boolean {
  const top = stack.at(-1);
  if (!top) return false;
  top.close();
  return true;
}

/** The page's one Esc handler: close the innermost layer, else `fallback` (stop the answer). */
export function onEscape(fallback: () => boolean): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (closeInnermost() || fallback()) event.preventDefault();
  };
}
