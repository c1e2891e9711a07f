// @vitest-environment happy-dom
// Auto-scroll follows the stream unless the reader scrolled away by their own input (issue #12).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachFollower, ScrollFollower, USER_INTENT_MS } from '@/components/scroll-follow';

let el: HTMLDivElement;
let now = 0;
let changes: boolean[];
let follower: ScrollFollower;
let detach: () => void;
const metrics = { scrollHeight: 2000, clientHeight: 400 };

function scrollTo(top: number) {
  el.scrollTop = top;
  el.dispatchEvent(new Event('scroll'));
}
const bottom = () => metrics.scrollHeight - metrics.clientHeight;

beforeEach(() => {
  now = 1000;
  changes = [];
  el = document.createElement('div');
  document.body.append(el);
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => metrics.scrollHeight });
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => metrics.clientHeight });
  follower = new ScrollFollower((value) => changes.push(value), true, () => now);
  detach = attachFollower(el, follower);
  scrollTo(bottom());
});
afterEach(() => {
  detach();
  el.remove();
});

describe('ScrollFollower', () => {
  it('keeps following when a scroll event finds a gap the reader did not make (layout shift, long answer)', () => {
    for (const gap of [49, 120, 600]) scrollTo(bottom() - gap);
    expect(follower.isFollowing).toBe(true);
    expect(changes).toEqual([]);
  });

  it('a wheel up stops following at once; scrolling back to the bottom resumes', () => {
    el.dispatchEvent(new WheelEvent('wheel', { deltaY: -60 }));
    expect(follower.isFollowing).toBe(false);
    scrollTo(bottom() - 30); // 30 px is still "away" once the reader left
    expect(follower.isFollowing).toBe(false);
    el.dispatchEvent(new WheelEvent('wheel', { deltaY: 60 }));
    scrollTo(bottom());
    expect(follower.isFollowing).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('keys that scroll up stop following; keys typed in a text field do not', () => {
    const input = document.createElement('textarea');
    el.append(input);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(follower.isFollowing).toBe(true);
    for (const key of ['PageUp', 'Home', 'ArrowUp']) {
      follower.follow();
      el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      expect(follower.isFollowing, key).toBe(false);
    }
    follower.follow();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', shiftKey: true, bubbles: true }));
    expect(follower.isFollowing).toBe(false);
  });

  it('touch or a scrollbar drag that leaves the bottom stops following; the same gap later, without input, does not', () => {
    el.dispatchEvent(new Event('touchmove'));
    scrollTo(bottom() - 300);
    expect(follower.isFollowing).toBe(false);
    follower.follow();
    now += USER_INTENT_MS + 1;
    scrollTo(bottom() - 300);
    expect(follower.isFollowing).toBe(true);

    el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    now += 5000; // a long drag still counts
    scrollTo(bottom() - 500);
    expect(follower.isFollowing).toBe(false);
    globalThis.dispatchEvent(new PointerEvent('pointerup'));
    now += USER_INTENT_MS + 1;
    follower.follow();
    scrollTo(bottom() - 500);
    expect(follower.isFollowing).toBe(true);
  });

  it('a press on a message (not the scroller itself) is not a scrollbar drag', () => {
    const child = document.createElement('button');
    el.append(child);
    child.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    now += USER_INTENT_MS + 1;
    scrollTo(bottom() - 500);
    expect(follower.isFollowing).toBe(true);
  });
});
