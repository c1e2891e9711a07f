// @vitest-environment happy-dom
// Issue #11: the retry countdown's timer stops at zero (and on unmount) instead of ticking for ever.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetryCountdown } from '@/components/RetryCountdown';

afterEach(() => {
  vi.useRealTimers();
});

describe('RetryCountdown', () => {
  it('counts down, disappears at zero, and leaves no timer running', async () => {
    vi.useFakeTimers();
    const container = document.createElement('div');
    document.body.append(container);
    void act(() => render(<RetryCountdown retryAt={Date.now() + 3_000} />, container));
    expect(container.textContent).toMatch(/3/);
    expect(vi.getTimerCount()).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_000);
    });
    expect(container.querySelector('[data-testid="retry-countdown"]')).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    void act(() => render(null, container));
    container.remove();
  });

  it('stops its timer when unmounted mid-count', () => {
    vi.useFakeTimers();
    const container = document.createElement('div');
    void act(() => render(<RetryCountdown retryAt={Date.now() + 60_000} />, container));
    expect(vi.getTimerCount()).toBe(1);
    void act(() => render(null, container));
    expect(vi.getTimerCount()).toBe(0);
  });
});
