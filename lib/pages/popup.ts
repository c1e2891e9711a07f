// The toolbar popup's quick prompt (issue #4). It reuses the panel's store, port client and
// actions (not the panel App): the background owns the answer, so closing the popup mid-answer
// loses nothing; the conversation id is remembered in storage.local and the next popup re-attaches
// to it (snapshot + live stream). "Continue in side panel" hands the conversation to the panel.
import { browser } from 'wxt/browser';
import { loadSettings, watchSettings } from '@/lib/background/storage/settings';
import { putHandoff, type HandoffArea } from '@/lib/background/surfaces/handoff';
import { openSidePanel } from '@/lib/shared/open-panel';
import type { ChatActions } from './actions';
import { emptyHistory, settingsToUi as toUi, type HistoryApi } from './history';

export const POPUP_CONVERSATION_KEY = 'popupConversation';

export interface PopupDeps {
  local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  session: HandoffArea;
  /** Synchronous up to the browser call (user gesture). */
  openPanel(windowId: number | undefined): Promise<boolean>;
  currentWindow(): Promise<number | undefined>;
  openOptions(): Promise<void>;
  close(): void;
}

/** Settings only: the popup lists no history (keeps its bundle small). */
export function popupHistory(): HistoryApi {
  return {
    ...emptyHistory(),
    loadSettings: async () => toUi(await loadSettings()),
    watchSettings: (listener) => watchSettings((settings) => listener(toUi(settings))),
  };
}

export class PopupController {
  private windowId: number | undefined;
  private stopRemembering: (() => void) | null = null;

  constructor(
    readonly actions: ChatActions,
    private readonly deps: PopupDeps = browserPopupDeps(),
  ) {}

  /** Re-attaches to the last quick conversation (its answer may still be streaming). */
  async init(): Promise<void> {
    this.windowId = await this.deps.currentWindow().catch(() => undefined);
    const stored = (await this.deps.local.get(POPUP_CONVERSATION_KEY).catch((): Record<string, unknown> => ({})))[POPUP_CONVERSATION_KEY];
    if (typeof stored === 'string' && !this.actions.store.conversationId.peek()) {
      // Through the port, not IndexedDB (keeps storage code out of the popup bundle): the snapshot
      // brings the conversation, its messages and the live answer; a deleted one comes back missing.
      this.actions.store.conversationId.value = stored;
      this.actions.client.subscribe(stored);
    }
    // Remember every conversation this popup shows; the background creates it on the first prompt.
    this.stopRemembering = this.actions.store.conversationId.subscribe((id) => {
      if (id && id !== stored) void this.deps.local.set({ [POPUP_CONVERSATION_KEY]: id }).catch(() => undefined);
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
      if (conversationId) await putHandoff(this.deps.session, { kind: 'open-conversation', conversationId, windowId: this.windowId });
      if (await opened) this.deps.close();
    })();
  }

  openOptions(): void {
    void this.deps.openOptions().then(() => this.deps.close());
  }
}

export function browserPopupDeps(): PopupDeps {
  return {
    local: browser.storage.local,
    session: browser.storage.session,
    openPanel: (windowId) => openSidePanel({ windowId }),
    currentWindow: async () => (await browser.windows.getCurrent()).id,
    openOptions: () => browser.runtime.openOptionsPage(),
    close: () => window.close(),
  };
}
