// A comparison handed to the side panel (issue #15): "Compare answers" on a selection, or the
// popup's Compare (three columns do not fit a popup, so the panel, opened inside the click, runs
// it). The panel compares its remembered models (the `compareModels` setting, loaded by
// actions.init before handoffs apply: lib/pages/compare.ts) on the handed prompt, in a new chat or
// in the popup's conversation. It waits for the live model list first, so a remembered model that
// has since gone is dropped rather than sent; when fewer than two models remain, the prompt goes
// back to the composer with the slots open: nothing is lost.
import { effect } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import { contextBlockTexts, stripContextBlocks } from '@/lib/protocol/context-blocks';
import type { Handoff } from '@/lib/protocol/handoff';
import type { Conversation } from '@/lib/protocol/records';
import type { ChatActions } from './actions';
import type { ChatStore } from './chat-store';
import { compareOpen, startComparison } from './compare';

type CompareHandoff = Extract<Handoff, { kind: 'compare' }>;

/** How long a handed comparison waits for the model list (a worker asleep, a slow network) before it uses what it has. */
export const MODELS_WAIT_MS = 10_000;

/** Resolves once the live model list is in (or after `timeoutMs`). */
export function modelsListed(store: ChatStore, timeoutMs = MODELS_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      queueMicrotask(() => stop?.());
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    stop = effect(() => {
      if (store.models.value.length > 0) finish();
    });
  });
}

export async function applyCompareHandoff(
  actions: ChatActions,
  handoff: CompareHandoff,
  getConversation: (id: string) => Promise<Conversation | undefined>,
  waitMs = MODELS_WAIT_MS,
): Promise<void> {
  const { store } = actions;
  const conversation = handoff.conversationId ? await getConversation(handoff.conversationId).catch(() => undefined) : undefined;
  if (conversation && !conversation.deletedAt) actions.openConversation(conversation);
  else actions.newChat();
  await modelsListed(store, waitMs);
  const problem = startComparison(actions, handoff.text);
  if (!problem) return;
  // Give the prompt back: the user's own words in the box, a selection as its quote chip (never
  // the hidden instruction or the delimiters).
  const blocks = contextBlockTexts(handoff.text);
  if (blocks.length > 0) store.draftContext.value = blocks[0];
  else if (!store.draft.peek()) store.draft.value = stripContextBlocks(handoff.text);
  compareOpen.value = true;
  store.showNotice(t(problem));
}
