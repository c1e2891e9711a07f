// @vitest-environment happy-dom
// One answer that cannot be rendered shows as plain text; the rest of the page keeps working (issue #11).
import { computed, signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown } from '@/components/Markdown';
import { MessageView } from '@/components/MessageView';
import { ActionsContext } from '@/components/context';
import type { ChatActions } from '@/lib/pages/actions';
import type { MessageState } from '@/lib/pages/message-states';
import type { Message } from '@/lib/protocol/records';
import { message } from './harness';

vi.mock('@/lib/pages/markdown/incremental', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/pages/markdown/incremental')>();
  class ThrowingLexer extends real.IncrementalLexer {
    override update(text: string) {
      if (text.includes('BOOM')) throw new RangeError('Maximum call stack size exceeded');
      return super.update(text);
    }
  }
  return { ...real, IncrementalLexer: ThrowingLexer };
});

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

function mount(node: preact.ComponentChildren): void {
  root = document.createElement('div');
  document.body.append(root);
  void act(() => render(node, root));
}

describe('render guards', () => {
  it('a Markdown answer that throws shows its text plainly, and its siblings still render', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    mount(
      <div>
        <Markdown text={'BOOM >>>> secret answer'} />
        <Markdown text={'fine **bold**'} />
      </div>,
    );
    const failed = root.querySelector('[data-render-failed=true]');
    expect(failed?.textContent).toBe('BOOM >>>> secret answer');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    // The log names the error kind only, never the answer.
    expect(warn).toHaveBeenCalled();
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret');
    // A streaming answer keeps updating, as plain text.
    void act(() =>
      render(
        <div>
          <Markdown text={'BOOM >>>> secret answer, more'} />
          <Markdown text={'fine **bold** too'} />
        </div>,
        root,
      ),
    );
    expect(root.querySelector('[data-render-failed=true]')?.textContent).toBe('BOOM >>>> secret answer, more');
    expect(root.textContent).toContain('bold too');
  });

  it('a message whose view throws is shown as plain text; the next message renders normally', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken: MessageState = {
      id: 'a1',
      role: 'assistant',
      record: computed<Message>(() => {
        throw new Error('bad record');
      }),
      text: signal('the first answer'),
      reasoning: signal(''),
      detail: signal(undefined),
    };
    const fine: MessageState = { id: 'u2', role: 'user', record: signal(message('u2', 'user', 2, { text: 'next prompt' })), text: signal('next prompt'), reasoning: signal(''), detail: signal(undefined) };
    const actions = { store: { activeAnswer: signal(null), models: signal([]), versions: signal({}) } } as unknown as ChatActions;
    mount(
      <ActionsContext.Provider value={actions}>
        <MessageView message={broken} isLast={false} />
        <MessageView message={fine} isLast />
      </ActionsContext.Provider>,
    );
    const messages = root.querySelectorAll('[data-testid=message]');
    expect(messages[0]?.textContent).toBe('the first answer');
    expect(messages[0]?.getAttribute('data-render-failed')).toBe('true');
    expect(messages[1]?.textContent).toContain('next prompt');
    expect(messages[1]?.hasAttribute('data-render-failed')).toBe(false);
  });
});
