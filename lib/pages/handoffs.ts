// The side panel's end of the surface handoffs (lib/background/surfaces/handoff.ts): requests from the
// context menu, shortcuts, omnibox and popup, taken exactly once: on mount, and on
// storage.session.onChanged while the panel is open. No polling, no timers.
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '@/lib/shared/i18n';
import { getConversation } from '@/lib/background/storage/conversations';
import type { Conversation } from '@/lib/protocol/records';
import { HandoffConsumer, touchesHandoffs, type Handoff, type HandoffArea, type HandoffTarget } from '@/lib/background/surfaces/handoff';
import type { Unusable } from '@/lib/protocol/context-blocks';
import type { ChatActions } from './actions';

type ChangeListener = (changes: Record<string, unknown>, area: string) => void;

export interface PanelHandoffDeps {
  area: HandoffArea;
  onChanged: { addListener(listener: ChangeListener): void; removeListener(listener: ChangeListener): void };
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
      actions.newChat();
      store.draft.value = `${handoff.context}\n\n`;
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
    case 'refused':
      actions.newChat();
      store.showNotice(t(REFUSAL_MESSAGES[handoff.reason] ?? 'refusedError'));
      return;
  }
}

/** Starts taking handoffs for this page; returns a stop function. */
export function startHandoffs(actions: ChatActions, deps: PanelHandoffDeps = browserHandoffDeps()): () => void {
  const consumer = new HandoffConsumer(deps.area, () => deps.target(), (handoff) => applyHandoff(actions, handoff, deps));
  const listener: ChangeListener = (changes, area) => {
    if (area === 'session' && touchesHandoffs(changes)) void consumer.pump();
  };
  deps.onChanged.addListener(listener);
  void consumer.pump();
  return () => deps.onChanged.removeListener(listener);
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

export function browserHandoffDeps(): PanelHandoffDeps {
  let target: Promise<HandoffTarget | null> | null = null;
  return {
    area: browser.storage.session,
    onChanged: browser.storage.onChanged,
    target: () => (target ??= pageTarget()),
    getConversation,
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
