// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { click, conversation, key, message, mount, typeInto, type Mounted } from './harness';

let ui: Mounted;
afterEach(() => ui?.unmount());

describe('model picker', () => {
  it('is a <select> of full model ids grouped by family, with description and context window', async () => {
    ui = await mount();
    const select = ui.$('[data-testid=model-picker]') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    const groups = [...select.querySelectorAll('optgroup')];
    expect(groups.map((g) => g.label)).toEqual(['meta', 'mistralai', 'qwen']);
    expect([...groups[0].querySelectorAll('option')].map((o) => o.value)).toEqual([
      '@cf/meta/llama-3.1-8b-instruct',
      '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
    ]);
    for (const option of select.querySelectorAll('option')) expect(option.value).toMatch(/^@cf\/[^/]+\/.+/);
    const big = select.querySelector<HTMLOptionElement>('option[value="@cf/meta/llama-3.3-70b-instruct-fp8-fast"]')!;
    expect(big.textContent).toBe('Llama 3.3 70B · 24K context');
    expect(big.title).toContain('Big Llama');
    expect(big.title).toContain('24,000');
    expect(select.value).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast');
  });

  it('the chosen model goes into the next chat-start', async () => {
    ui = await mount();
    const select = ui.$('[data-testid=model-picker]') as HTMLSelectElement;
    select.value = '@cf/qwen/qwq-32b';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await ui.settle();
    const composer = ui.$('[data-testid=composer]')!;
    await typeInto(composer, 'Think hard');
    await key(composer, { key: 'Enter' });
    expect(ui.sent('chat-start')).toMatchObject([{ options: { model: '@cf/qwen/qwq-32b' } }]);
  });

  it('asks the background for the model list when it connects', async () => {
    ui = await mount({ models: null });
    expect(ui.sent('models-list')).toHaveLength(1);
    // Before the list arrives the default model is still a selectable full id.
    expect((ui.$('[data-testid=model-picker]') as HTMLSelectElement).value).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast');
  });
});

describe('auto-scroll', () => {
  function fakeScroll(el: HTMLElement, metrics: { scrollHeight: number; clientHeight: number }) {
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => metrics.scrollHeight });
    Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => metrics.clientHeight });
    // happy-dom does not lay out: a scrollTo lands at its target at once.
    el.scrollTo = ((options: ScrollToOptions) => {
      el.scrollTop = options.top ?? el.scrollTop;
      el.dispatchEvent(new Event('scroll'));
    }) as typeof el.scrollTo;
  }

  it('follows new text at the bottom, pauses when the reader scrolls up, and "Jump to latest" resumes', async () => {
    ui = await mount();
    const composer = ui.$('[data-testid=composer]')!;
    await typeInto(composer, 'Long story please');
    await key(composer, { key: 'Enter' });
    const { requestId } = ui.sent('chat-start')[0];
    await ui.serve({
      type: 'chat-started',
      conversationId: 'c1',
      requestId,
      messageId: 'a1',
      seq: 0,
      conversation: conversation(),
      messages: [message('u1', 'user', 0, { text: 'Long story please' }), message('a1', 'assistant', 1)],
    });
    const list = ui.$('[data-testid=message-list]')!;
    const metrics = { scrollHeight: 1000, clientHeight: 400 };
    fakeScroll(list, metrics);
    let seq = 1;
    const grow = async () => {
      metrics.scrollHeight += 200;
      await ui.serve({ type: 'text-delta', conversationId: 'c1', requestId, messageId: 'a1', seq: seq++, text: 'more ' });
      // Let every frame run: the delta flush, the render, the scroll that follows it.
      for (let i = 0; i < 5 && ui.frames.pending > 0; i++) {
        ui.frames.run();
        await ui.settle();
      }
    };

    await grow();
    expect(list.scrollTop).toBe(metrics.scrollHeight);
    expect(ui.$('[data-testid=jump-latest]')).toBeNull();

    // A layout shift leaves a gap at a scroll event: that is not the reader, following goes on (issue #12).
    list.scrollTop = metrics.scrollHeight - 400 - 120;
    list.dispatchEvent(new Event('scroll'));
    await ui.settle();
    await grow();
    expect(list.scrollTop).toBe(metrics.scrollHeight);
    expect(ui.$('[data-testid=jump-latest]')).toBeNull();

    // The reader scrolls up with the wheel: following stops.
    list.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
    list.scrollTop = 100;
    list.dispatchEvent(new Event('scroll'));
    await ui.settle();
    await grow();
    await grow();
    expect(list.scrollTop).toBe(100);
    const jump = ui.$('[data-testid=jump-latest]');
    expect(jump).not.toBeNull();

    await click(jump);
    expect(list.scrollTop).toBe(metrics.scrollHeight);
    expect(ui.$('[data-testid=jump-latest]')).toBeNull();
    await grow();
    expect(list.scrollTop).toBe(metrics.scrollHeight);
  });
});
