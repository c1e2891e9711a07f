// The popup's remembered conversation and its Compare handoff, as the background keeps them (issues
// #12, #15): the id lives in storage.local (the popup can close and the worker restart: nothing is
// in a global), New clears it, and the popup's Compare writes a 'compare' handoff for its window.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleDataRequest, POPUP_CONVERSATION_KEY, type DataHandlerDeps } from '@/lib/background/data-handlers';
import { takeHandoffs, type HandoffArea } from '@/lib/background/surfaces/handoff';
import { validateDataRequest } from '@/lib/protocol/data';

const session = fakeBrowser.storage.session as unknown as HandoffArea;
const deps = { stopAllAnswers: () => Promise.resolve(), session } as unknown as DataHandlerDeps;

/** Through the port's own validation, as a page's request arrives. */
function request(raw: Record<string, unknown>): Promise<unknown> {
  const checked = validateDataRequest({ requestId: 'r1', ...raw });
  if (!checked.ok) throw new Error(checked.error);
  return handleDataRequest(checked.message, deps);
}

beforeEach(() => fakeBrowser.reset());

describe('popup conversation memory', () => {
  it('is kept in storage.local, read back by a fresh worker, and cleared by New (null)', async () => {
    expect(await request({ type: 'popup-conversation-get' })).toBeNull();
    await request({ type: 'popup-conversation-set', conversationId: 'conv-1' });
    expect(await fakeBrowser.storage.local.get(POPUP_CONVERSATION_KEY)).toEqual({ [POPUP_CONVERSATION_KEY]: 'conv-1' });
    expect(await request({ type: 'popup-conversation-get' })).toBe('conv-1');
    await request({ type: 'popup-conversation-set', conversationId: null });
    expect(await fakeBrowser.storage.local.get(POPUP_CONVERSATION_KEY)).toEqual({});
    expect(await request({ type: 'popup-conversation-get' })).toBeNull();
  });
});

describe('handoff-compare (the popup\'s Compare)', () => {
  it('writes a compare handoff for the popup\'s window, with the conversation it continues', async () => {
    await request({ type: 'handoff-compare', text: 'Which is faster?', conversationId: 'conv-1', windowId: 4 });
    await request({ type: 'handoff-compare', text: 'A new question', windowId: 4 });
    expect(await takeHandoffs(session, { windowId: 3 })).toEqual([]);
    const [first, second] = await takeHandoffs(session, { windowId: 4 });
    expect(first).toMatchObject({ kind: 'compare', text: 'Which is faster?', conversationId: 'conv-1', windowId: 4 });
    expect(second).toMatchObject({ kind: 'compare', text: 'A new question', windowId: 4 });
    expect(second).not.toHaveProperty('conversationId');
  });

  it('refuses an empty prompt or unknown keys (the port validates before anything is written)', () => {
    expect(validateDataRequest({ requestId: 'r1', type: 'handoff-compare', text: 'x', windowId: 2 }).ok).toBe(true);
    expect(validateDataRequest({ requestId: 'r1', type: 'handoff-compare', text: '   ' }).ok).toBe(false);
    expect(validateDataRequest({ requestId: 'r1', type: 'handoff-compare', text: 'x', models: ['a', 'b'] }).ok).toBe(false);
  });
});
