// The toolbar popup (issues #4, #12, #15). It reuses the panel's store, port client and actions
// (not the panel App): the background owns the answer, so closing the popup mid-answer loses
// nothing. The popup continues its last conversation: the background remembers its id in
// storage.local (data port: survives the popup closing and the worker restarting), the next popup
// reopens it (snapshot + live stream) and a follow-up goes into it; New starts a fresh one (and
// forgets the old, so the next open starts empty). "Continue in side panel" hands the conversation
// to the panel; Compare hands the typed prompt to the panel, which runs the comparison there
// (three streaming columns do not fit a 400 px popup).
import { browser } from 'wxt/browser';
import { openSidePanel } from '@/lib/shared/open-panel';
import type { Conversation } from '@/lib/protocol/records';
import type { ChatActions } from './actions';
import type { DataClient } from './data-client';
import { emptyHistory, type HistoryApi } from './history';
import { portHistory } from './port-history';

export interface PopupDeps {
  /** The last popup conversation, remembered by the background. */
  lastConversation(): Promise<string | null>;
  /** null: forget it (New). */
  rememberConversation(conversationId: string | null): Promise<unknown>;
  getConversation(conversationId: string): Promise<Conversation | undefined>;
  /** Asks the panel (through the background) to open this conversation. */
  handOff(conversationId: string, windowId: number | undefined): Promise<unknown>;
  /** Asks the panel (through the background) to compare the remembered models on `text`. */
  handOffCompare(text: string, conversationId: string | undefined, windowId: number | undefined): Promise<unknown>;
  /** Synchronous up to the browser call (user gesture). */
  openPanel(windowId: number | undefined): Promise<boolean>;
  currentWindow(): Promise<number | undefined>;
  openOptions(): Promise<void>;
  close(): void;
}

/** Settings and a conversation's own model: the popup lists no history (keeps its bundle small). */
export function popupHistory(data: DataClient): HistoryApi {
  const history = portHistory(data);
  return {
    ...emptyHistory(),
    loadSettings: () => history.loadSettings(),
    watchSettings: (listener) => history.watchSettings(listener),
    // The model picker on an open conversation stores its choice at once (as in the panel).
    updateSettings: (conversationId, patch) => history.updateSettings(conversationId, patch),
  };
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

  /** Reopens the last popup conversation (its answer may still be streaming), then remembers every change. */
  async init(): Promise<void> {
    this.windowId = await this.deps.currentWindow().catch(() => undefined);
    const stored = await this.deps.lastConversation().catch(() => null);
    const conversation = stored ? await this.deps.getConversation(stored).catch(() => undefined) : undefined;
    const { store } = this.actions;
    // The user may have sent a new prompt meanwhile: theirs wins. A deleted conversation is not reopened.
    if (conversation && !conversation.deletedAt && !store.conversationId.peek() && !store.pending.peek()) this.actions.openConversation(conversation);
    let last = store.conversationId.peek() ?? stored;
    this.stopRemembering = store.conversationId.subscribe((id) => {
      if (id === last) return;
      // The background creates the conversation on the first prompt; New (or a deletion) clears it.
      last = id;
      void this.deps.rememberConversation(id).catch(() => undefined);
    });
  }

  dispose(): void {
    this.stopRemembering?.();
  }

  /** A prompt continues the open conversation (the model sees its earlier turns); without one it starts one. */
  ask(text: string): boolean {
    return this.actions.send(text);
  }

  /** New: a fresh conversation with the default model; the old one stays in the history. */
  newChat(): void {
    this.actions.newChat();
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

  /**
   * Click handler for Compare: opens the panel synchronously, then hands it the prompt (and this
   * conversation, which the comparison continues). The popup closes once the handoff is written;
   * if it cannot be written the prompt stays typed and the popup says why. False: nothing typed.
   */
  compareInPanel(text: string, onFailed: () => void): boolean {
    if (text.trim() === '') return false;
    const opened = this.deps.openPanel(this.windowId); // first, inside the click
    const conversationId = this.actions.store.conversationId.peek() ?? undefined;
    void (async () => {
      try {
        await this.deps.handOffCompare(text, conversationId, this.windowId);
      } catch {
        return onFailed();
      }
      if (await opened) this.deps.close();
    })();
    return true;
  }

  openOptions(): void {
    void this.deps.openOptions().then(() => this.deps.close());
  }
}

export function browserPopupDeps(data: DataClient): PopupDeps {
  return {
    lastConversation: () => data.request('popup-conversation-get'),
    rememberConversation: (conversationId) => data.request('popup-conversation-set', { conversationId }),
    getConversation: async (conversationId) => (await data.request('conversation-get', { conversationId })) ?? undefined,
    handOff: (conversationId, windowId) => data.request('handoff-open-conversation', { conversationId, windowId }),
    handOffCompare: (text, conversationId, windowId) => data.request('handoff-compare', { text, windowId, ...(conversationId ? { conversationId } : {}) }),
    openPanel: (windowId) => openSidePanel({ windowId }),
    currentWindow: async () => (await browser.windows.getCurrent()).id,
    openOptions: () => browser.runtime.openOptionsPage(),
    close: () => window.close(),
  };
}
