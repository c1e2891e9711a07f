// Issue #12: a refused page summary (restricted page, PDF) keeps the user in the current
// conversation: no new empty chat, the notice shows over the conversation they were in.
import { describe, expect, it, vi } from 'vitest';
import { applyHandoff } from '@/lib/pages/handoffs';
import type { ChatActions } from '@/lib/pages/actions';

function fakeActions() {
  const showNotice = vi.fn();
  const newChat = vi.fn();
  return { actions: { store: { showNotice }, newChat } as unknown as ChatActions, showNotice, newChat };
}

const deps = { getConversation: () => Promise.resolve(undefined), focusComposer: () => undefined };

describe('refused handoff', () => {
  it.each(['restricted', 'pdf', 'empty', 'error'] as const)('%s: a notice, and the current conversation stays open', async (reason) => {
    const { actions, showNotice, newChat } = fakeActions();
    await applyHandoff(actions, { id: 'h1', kind: 'refused', reason, createdAt: 0 } as never, deps);
    expect(newChat).not.toHaveBeenCalled();
    expect(showNotice).toHaveBeenCalledTimes(1);
    expect(String(showNotice.mock.calls[0][0])).not.toBe('');
  });
});
