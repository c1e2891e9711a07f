// The side panel reopens on the conversation last open in its window (issue #12): closing the panel
// mid-answer must not lose the answer from view. The id lives in storage.session through the data
// port (the background is the only writer), per window for the side panel and per tab for
// sidepanel.html opened in a tab (so a second tab does not take over the first one's chat).
// New chat clears it: the next open starts empty.
import { browser } from 'wxt/browser';
import type { PanelPlace } from '@/lib/protocol/data';
import type { Conversation } from '@/lib/protocol/records';
import type { ChatActions } from './actions';
import type { DataClient } from './data-client';

export interface PanelMemoryDeps {
  place(): Promise<PanelPlace | null>;
  get(place: PanelPlace): Promise<string | null>;
  set(place: PanelPlace, conversationId: string | null): Promise<unknown>;
  getConversation(id: string): Promise<Conversation | undefined>;
}

/** Reopens the remembered conversation (live if it still streams: the subscribe snapshot carries it). */
export async function restoreConversation(actions: ChatActions, deps: PanelMemoryDeps): Promise<void> {
  const place = await deps.place();
  if (!place) return;
  const id = await deps.get(place);
  if (!id) return;
  const conversation = await deps.getConversation(id);
  // The user may have started typing a new chat meanwhile: theirs wins.
  if (!conversation || conversation.deletedAt || actions.store.conversationId.peek() || actions.store.pending.peek()) return;
  actions.openConversation(conversation);
}

/** Writes the open conversation (null after New chat) whenever it changes; returns a stop function. */
export function rememberConversation(actions: ChatActions, deps: PanelMemoryDeps): () => void {
  let last: string | null | undefined;
  let place: Promise<PanelPlace | null> | null = null;
  return actions.store.conversationId.subscribe((id) => {
    if (id === last) return;
    const first = last === undefined;
    last = id;
    if (first && id === null) return; // the page just opened: nothing chosen yet
    void (place ??= deps.place()).then((p) => (p ? deps.set(p, id) : undefined)).catch(() => undefined);
  });
}

/** Both, in order: restore first so the page's initial empty state does not erase the memory. */
export async function startPanelMemory(actions: ChatActions, deps: PanelMemoryDeps, signal?: AbortSignal): Promise<void> {
  await restoreConversation(actions, deps).catch((error) => console.error('FlareChat: could not reopen the last conversation', error));
  if (signal?.aborted) return;
  const stop = rememberConversation(actions, deps);
  signal?.addEventListener('abort', stop, { once: true });
}

export async function pagePlace(): Promise<PanelPlace | null> {
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab?.id !== undefined) return { tabId: tab.id };
  const windowId = (await browser.windows.getCurrent()).id;
  return windowId === undefined ? null : { windowId };
}

export function portPanelMemory(data: DataClient): PanelMemoryDeps {
  return {
    place: pagePlace,
    get: (place) => data.request('panel-conversation-get', { place }),
    set: (place, conversationId) => data.request('panel-conversation-set', { place, conversationId }),
    getConversation: async (conversationId) => (await data.request('conversation-get', { conversationId })) ?? undefined,
  };
}
