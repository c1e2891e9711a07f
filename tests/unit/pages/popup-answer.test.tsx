// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerLine } from '@/components/PopupApp';
import { ActionsContext } from '@/components/context';
import type { ErrorCode } from '@/lib/shared/errors';
import type { ChatActions } from '@/lib/pages/actions';
import type { MessageState } from '@/lib/pages/message-states';
import { message } from './harness';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(code: ErrorCode) {
  const record = message('a1', 'assistant', 1, { status: 'error', text: 'partial', error: { code, message: 'failed' } });
  const state: MessageState = { id: 'a1', role: 'assistant', record: signal(record), text: signal('partial'), reasoning: signal(''), detail: signal(undefined) };
  const actions = { verify: vi.fn(), regenerate: vi.fn() };
  root = document.createElement('div');
  document.body.append(root);
  render(
    <ActionsContext.Provider value={actions as unknown as ChatActions}>
      <AnswerLine message={state} />
    </ActionsContext.Provider>,
    root,
  );
  const button = root.querySelector<HTMLButtonElement>('[data-testid=error-action]')!;
  return { actions, button };
}

describe('popup answer recovery', () => {
  it('offers "Open the playground to verify" for a Cloudflare check, handled by the background', () => {
    const { actions, button } = show('challenge');
    expect(button.textContent).toBe('Open the playground to verify');
    button.click();
    expect(actions.verify).toHaveBeenCalledWith('a1');
    expect(actions.regenerate).not.toHaveBeenCalled();
  });

  it('offers Retry for other failures', () => {
    const { actions, button } = show('upstream');
    expect(button.textContent).toBe('Retry');
    button.click();
    expect(actions.regenerate).toHaveBeenCalledWith('a1');
    expect(actions.verify).not.toHaveBeenCalled();
  });
});
