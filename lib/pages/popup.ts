// The toolbar popup's quick prompt (issue #4). It reuses the panel's store, port client and
// actions (not the panel App): the background owns the answer, so closing the popup mid-answer
// loses nothing; the background remembers the conversation id (data port) and the next popup
// re-attaches to it (snapshot + live stream). "Continue in side panel" hands the conversation to the panel.
import { browser } from 'wxt/browser';
import { openSidePanel } from '@/lib/shared/open-panel';
import type { ChatActions } from './actions';
import type { DataClient } from './data-client';
import { emptyHistory, type HistoryApi } from './history';
import { portHistory } from './port-history';

export interface PopupDeps {
  /** The last quick conversation, remembered by the background. */
  lastConversation(): Promise<string | null>;
  rememberConversation(conversationId: string): Promise<unknown>;
  /** Asks the panel (through the background) to open this conversation. */
  handOff(conversationId: string, windowId: number | undefined): Promise<unknown>;
  /** Synchronous up to the browser call (user gesture). */
  openPanel(windowId: number | undefined): Promise<boolean>;
  currentWindow(): Promise<number | undefined>;
  openOptions(): Promise<void>;
  close(): void;
}

/** Settings only: the popup lists no history (keeps its bundle small). */
export function popupHistory(data: DataClient): HistoryApi {
  const history = portHistory(data);
  return { ...emptyHistory(), loadSettings: () => history.loadSettings(), watchSettings: (listener) => history.watchSettings(listener) };
}

export class PopupController {
  private windowId: number | undefined;
  private stopRemembering: (() => void) | null = null;

  constructor(
    readonly actions: ChatActions,
    private readonly deps: PopupDeps,
    signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', () => this.dispose(), { once: true });
  }

  /** Re-attaches to the last quick conversation (its answer may still be streaming). */
  async init(): Promise<void> {
    this.windowId = await this.deps.currentWindow().catch(() => undefined);
    const stored = await this.deps.lastConversation().catch(() => null);
    if (stored && !this.actions.store.conversationId.peek()) {
      // Through the port, not IndexedDB (keeps storage code out of the popup bundle): the snapshot
      // brings the conversation, its messages and the live answer; a deleted one comes back missing.
      this.actions.store.conversationId.value = stored;
      this.actions.client.subscribe(stored);
    }
    // Remember every conversation this popup shows; the background creates it on the first prompt.
    this.stopRemembering = this.actions.store.conversationId.subscribe((id) => {
      if (id && id !== stored) void this.deps.rememberConversation(id).catch(() => undefined);
    });
  }

  dispose(): void {
    this.stopRemembering?.();
  }

  /** A quick prompt starts a new conversation (it is in the history like any other). */
  ask(text: string): boolean {
    if (text.trim() === '') return false;
    this.actions.newChat();
    return this.actions.send(text);
  }

  /** Click handler: opens the panel synchronously, then hands it this conversation. */
  continueInPanel(): void {
    const opened = this.deps.openPanel(this.windowId); // first, inside the click
    const conversationId = this.actions.store.conversationId.peek();
    void (async () => {
      if (conversationId) await this.deps.handOff(conversationId, this.windowId).catch(() => undefined);
      if (await opened) this.deps.close();
    })();
  }

  openOptions(): void {
    void this.deps.openOptions().then(() => this.deps.close());
  }
}

export function browserPopupDeps(data: DataClient): PopupDeps {
  return {
    lastConversation: () => data.request('popup-conversation-get'),
    rememberConversation: (conversationId) => data.request('popup-conversation-set', { conversationId }),
    handOff: (conversationId, windowId) => data.request('handoff-open-conversation', { conversationId, windowId }),
    openPanel: (windowId) => openSidePanel({ windowId }),
    currentWindow: async () => (await browser.windows.getCurrent()).id,
    openOptions: () => browser.runtime.openOptionsPage(),
    close: () => window.close(),
  };
}
