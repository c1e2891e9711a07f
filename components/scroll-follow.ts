// Whether the conversation follows a streaming answer (issue #12). Only the reader's own input
// (wheel, touch, scrolling keys, a scrollbar drag) stops following: a scroll event alone says
// nothing about who scrolled. Layout shifts while an answer streams (code blocks, math, images of
// text growing) used to leave a gap of more than 48 px at a scroll event and stopped following in
// about one long answer in three. Following resumes when the reader comes back to the bottom (or
// sends, or presses "Jump to latest", which the list handles).

/** Within this many px of the bottom counts as "at the bottom" after the reader's own scroll. */
export const STICK_THRESHOLD_PX = 48;
/** How long after a wheel, touch or key a scroll event still counts as the reader's. */
export const USER_INTENT_MS = 400;

/** Keys that scroll towards the top: they stop following at once (when there is room to go up). */
const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);
/** Keys that scroll at all (a Space or PageDown that lands at the bottom resumes following). */
const SCROLL_KEYS = new Set([...UP_KEYS, 'PageDown', 'ArrowDown', 'End', ' ']);

export interface ScrollMetrics {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

export class ScrollFollower {
  private userUntil = Number.NEGATIVE_INFINITY;
  private dragging = false;

  constructor(
    private readonly onChange: (following: boolean) => void,
    private following = true,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get isFollowing(): boolean {
    return this.following;
  }

  /** Something other than the reader asked to follow (they sent, or pressed "Jump to latest"). */
  follow(): void {
    this.set(true);
  }

  wheel(deltaY: number, el: ScrollMetrics): void {
    this.markUser();
    if (deltaY < 0 && el.scrollTop > 0) this.set(false);
  }

  touch(): void {
    this.markUser();
  }

  /** A key pressed while focus is inside the scroller (not in a text field). */
  key(key: string, shiftKey: boolean, el: ScrollMetrics): void {
    if (!SCROLL_KEYS.has(key)) return;
    this.markUser();
    const up = UP_KEYS.has(key) || (key === ' ' && shiftKey);
    if (up && el.scrollTop > 0) this.set(false);
  }

  /** pointerdown on the scroller itself: the scrollbar (or a drag that selects text). */
  pointerDown(): void {
    this.dragging = true;
    this.markUser();
  }

  pointerUp(): void {
    if (!this.dragging) return;
    this.dragging = false;
    this.markUser();
  }

  scroll(el: ScrollMetrics): void {
    const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
    const byReader = this.dragging || this.now() < this.userUntil;
    if (!byReader) return; // layout or our own scrolling: never decides anything
    // Back at the bottom by their own hand: follow again. Scrolled away: stop.
    if (distance <= (this.following ? STICK_THRESHOLD_PX : 2)) this.set(true);
    else this.set(false);
  }

  private markUser(): void {
    this.userUntil = this.now() + USER_INTENT_MS;
  }

  private set(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.onChange(following);
  }
}

function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/** Wires the reader's input on `el` to `follower`; returns the cleanup. */
export function attachFollower(el: HTMLElement, follower: ScrollFollower): () => void {
  const onWheel = (event: WheelEvent) => follower.wheel(event.deltaY, el);
  const onTouch = () => follower.touch();
  const onKey = (event: KeyboardEvent) => {
    if (!isTextField(event.target)) follower.key(event.key, event.shiftKey, el);
  };
  const onDown = (event: PointerEvent) => {
    // Only a press on the scroller itself can be its scrollbar; a press on a message's text or
    // buttons is not a scroll.
    if (event.target === el) follower.pointerDown();
  };
  const onUp = () => follower.pointerUp();
  const onScroll = () => follower.scroll(el);
  const passive = { passive: true } as const;
  el.addEventListener('wheel', onWheel, passive);
  el.addEventListener('touchstart', onTouch, passive);
  el.addEventListener('touchmove', onTouch, passive);
  el.addEventListener('keydown', onKey);
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('scroll', onScroll, passive);
  globalThis.addEventListener('pointerup', onUp);
  globalThis.addEventListener('pointercancel', onUp);
  return () => {
    el.removeEventListener('wheel', onWheel);
    el.removeEventListener('touchstart', onTouch);
    el.removeEventListener('touchmove', onTouch);
    el.removeEventListener('keydown', onKey);
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('scroll', onScroll);
    globalThis.removeEventListener('pointerup', onUp);
    globalThis.removeEventListener('pointercancel', onUp);
  };
}
