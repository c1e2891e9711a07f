// The side panel's end of the surface handoffs (context menu, shortcuts, omnibox, popup): taken
// exactly once over the data port: on mount, and whenever the background says new ones were
// written (`handoffs-changed`). No polling, no timers.
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '@/lib/shared/i18n';
import type { Unusable } from '@/lib/protocol/context-blocks';
import type { Handoff, HandoffTarget } from '@/lib/protocol/handoff';
import type { Conversation } from '@/lib/protocol/records';
import type { ChatActions } from './actions';
import { applyCompareHandoff } from './compare-handoff';
import type { DataClient } from './data-client';

export interface PanelHandoffDeps {
  /** Removes and returns this page's fresh handoffs, oldest first (the background's `handoff-take`). */
  take(target: HandoffTarget): Promise<Handoff[]>;
  /** Calls back when new handoffs may be waiting; returns a stop function. */
  watch(listener: () => void): () => void;
  /** Which handoffs this page takes (null: none, e.g. a plain tab). */
  target(): Promise<HandoffTarget | null>;
  getConversation(id: string): Promise<Conversation | undefined>;
  /** Put the caret at the end of the composer. */
  focusComposer(): void;
}

export const REFUSAL_MESSAGES: Record<Unusable, MessageKey> = {
  empty: 'refusedEmpty',
  restricted: 'refusedRestricted',
  pdf: 'refusedPdf',
  error: 'refusedError',
};

/** Applies one handoff to the panel. */
export async function applyHandoff(actions: ChatActions, handoff: Handoff, deps: Pick<PanelHandoffDeps, 'getConversation' | 'focusComposer'>): Promise<void> {
  const { store } = actions;
  switch (handoff.kind) {
    case 'ask':
      // "Add to current chat" keeps the open conversation (issue #12); Ask starts a new one.
      if (!handoff.current) actions.newChat();
      // The selection shows as a quoted chip, never as block markup in the text (issue #12).
      store.draftContext.value = handoff.context;
      deps.focusComposer();
      return;
    case 'prompt':
      actions.newChat();
      if (handoff.options?.model) store.selectedModel.value = handoff.options.model;
      if (handoff.options?.system) actions.draftSettings.value = { systemPrompt: handoff.options.system };
      actions.send(handoff.text);
      return;
    case 'open-conversation': {
      const conversation = await deps.getConversation(handoff.conversationId);
      if (conversation && !conversation.deletedAt) actions.openConversation(conversation);
      return;
    }
    case 'compare':
      // issue #15: from the context menu or the popup; the columns stream here.
      await applyCompareHandoff(actions, handoff, deps.getConversation);
      return;
    case 'refused':
      // Nothing was sent: stay in the current conversation, the notice shows over it (issue #12).
      store.showNotice(t(REFUSAL_MESSAGES[handoff.reason] ?? 'refusedError'));
      return;
  }
}

/**
 * Starts taking handoffs for this page until `signal` aborts. Takes are serialised and each id is
 * handled once even if it is handed back twice.
 */
export function startHandoffs(actions: ChatActions, deps: PanelHandoffDeps, signal?: AbortSignal): Promise<void> {
  const seen = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  const run = async () => {
    const target = await deps.target();
    if (!target || signal?.aborted) return;
    for (const handoff of await deps.take(target)) {
      if (seen.has(handoff.id) || signal?.aborted) continue;
      seen.add(handoff.id);
      await applyHandoff(actions, handoff, deps);
    }
  };
  const pump = () => (chain = chain.then(run).catch((error) => console.error('FlareChat handoff failed', error)));
  const stop = deps.watch(() => void pump());
  signal?.addEventListener('abort', stop, { once: true });
  return pump();
}

/** The side panel takes its window's handoffs; the panel page opened in a tab only the one in its URL. */
export async function pageTarget(search: string = location.search): Promise<HandoffTarget | null> {
  const handoffId = new URLSearchParams(search).get('handoff');
  if (handoffId) return { handoffId };
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab) return null;
  const windowId = (await browser.windows.getCurrent()).id;
  return windowId === undefined ? null : { windowId };
}

export function portHandoffDeps(data: DataClient): PanelHandoffDeps {
  let target: Promise<HandoffTarget | null> | null = null;
  return {
    take: (handoffTarget) => data.request('handoff-take', { target: handoffTarget }),
    watch: (listener) => data.on((event) => event.type === 'handoffs-changed' && listener()),
    target: () => (target ??= pageTarget()),
    getConversation: async (conversationId) => (await data.request('conversation-get', { conversationId })) ?? undefined,
    focusComposer() {
      requestAnimationFrame(() => {
        const input = document.getElementById('composer-input') as HTMLTextAreaElement | null;
        if (!input) return;
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
        input.scrollTop = input.scrollHeight;
      });
    },
  };
}
