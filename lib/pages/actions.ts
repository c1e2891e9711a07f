// Everything a chat page can do, in one place: components call these; these talk to the port
// (ChatClient), the history API (HistoryApi) and the platform (tabs, downloads). The side panel's
// list, rename, pin, delete, export and import are PanelActions (panel-actions.ts), built on this.
// Over 10 KB: the one facade every component calls (chatting, message actions, conversations, settings);
// each method is a few lines to the port, and splitting it would scatter the page's single entry point.
import { batch, effect, signal } from '@preact/signals';
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { applyLanguage, t } from '@/lib/shared/i18n';
import type { ChatOptions, ClientMessage } from '@/lib/protocol/messages';
import type { Conversation } from '@/lib/protocol/records';
import type { ChatClient } from './chat-client';
import type { ChatStore } from './chat-store';
import type { ConversationSettingsPatch, HistoryApi, UiSettings } from './history';
import { sanitizeSettings } from './chat-settings';
import { PageActions } from './page-actions';
import { newRequestId } from './ids';
import type { Platform } from './platform';

/** Typing hints (see typing()): often enough to re-warm a socket closed after 25 s idle (socket-warm.ts). */
export const TYPING_HINT_MS = 10_000;

export class ChatActions extends PageActions {
  /** Settings for a chat that has no conversation yet; applied once it is created. */
  readonly draftSettings = signal<ConversationSettingsPatch>({});
  private unwatchSettings: (() => void) | null = null;
  private typingHint: { target: string; at: number } | null = null;
  private readonly disposers: (() => void)[] = [];

  constructor(
    store: ChatStore,
    readonly client: ChatClient,
    history: HistoryApi,
    platform: Platform,
    /** The page's teardown: aborting it disposes these actions (and closes the port client). */
    signal?: AbortSignal,
  ) {
    super(store, history, platform);
    signal?.addEventListener('abort', () => this.dispose(), { once: true });
    store.onHistoryChanged = () => void this.refreshList();
    // The background subscribes the port that started a chat: remember it for reconnects.
    this.disposers.push(
      store.conversationId.subscribe((id) => {
        if (id) client.markSubscribed(id);
      }),
      effect(() => {
        if (store.waiting.value !== null && store.pending.value === null) queueMicrotask(() => this.releaseWaiting());
      }),
    );
    // Prompts that waited for the network go out when it is back (the worker may be asleep).
    const online = () => this.client.send({ type: 'network-online' });
    globalThis.addEventListener?.('online', online);
    this.disposers.push(() => globalThis.removeEventListener?.('online', online));
  }

  async init(): Promise<void> {
    this.client.start();
    // The list does not depend on the settings: both reads go out together, so a history sheet
    // opened right away waits for one round trip, not two (issue #16, history open).
    const listed = this.refreshList();
    try {
      this.applySettings(await this.history.loadSettings());
      this.unwatchSettings = this.history.watchSettings((s) => this.applySettings(s));
      // Another page renamed, deleted or imported: the open list follows.
      const unwatchHistory = this.history.watchHistory?.(() => void this.refreshList());
      if (unwatchHistory) this.disposers.push(unwatchHistory);
    } catch {
      this.applySettings({});
    }
    await listed;
  }

  dispose(): void {
    this.unwatchSettings?.();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.dismissToast();
    this.client.close();
  }

  private applySettings(settings: UiSettings): void {
    // A new chat follows the default model when that changes, not on every save of another setting
    // (the Compare choice is saved while a new chat has its own model picked).
    const modelChanged = settings.model !== this.store.settings.peek().model;
    batch(() => {
      this.store.settings.value = settings;
      if (modelChanged && !this.store.conversation.peek()?.model) this.store.selectedModel.value = settings.model ?? this.store.selectedModel.peek() ?? DEFAULT_MODEL;
      if (!this.store.selectedModel.peek()) this.store.selectedModel.value = DEFAULT_MODEL;
    });
    // The catalogue loads asynchronously; the UI re-renders in the new language once it is in.
    const language = settings.language ?? 'auto';
    void applyLanguage(language).then(() => (this.store.language.value = language));
  }

  // ---- chatting ----------------------------------------------------------------------------

  /**
   * Per-turn options. The background stores them as conversation overrides and falls back to the
   * conversation, then the settings, by itself: send only the model and what the user chose here
   * (settings defaults must not turn into per-conversation overrides).
   */
  chatOptions(): ChatOptions {
    const options: ChatOptions = { model: this.store.selectedModel.peek() || DEFAULT_MODEL };
    if (this.store.conversation.peek()) return options;
    const draft = this.draftSettings.peek();
    if (draft.systemPrompt) options.system = draft.systemPrompt;
    if (draft.temperature !== undefined) options.temperature = draft.temperature;
    if (draft.maxTokens !== undefined) options.maxTokens = draft.maxTokens;
    return options;
  }

  /**
   * Send the prompt. The background queues it behind an answer still being written (it shows as
   * queued). Only a brand-new chat whose conversation does not exist yet makes a second prompt
   * wait here, so both land in the same conversation. Returns false when there is nothing to send.
   */
  send(text: string): boolean {
    if (text.trim() === '') return false;
    this.store.notice.value = null;
    this.store.followRequest.value++;
    if (this.store.pending.peek()) {
      this.store.waiting.value = text;
      return true;
    }
    this.dispatch(text);
    return true;
  }

  /**
   * The user typed in the composer: the background may warm this conversation's socket (issue #16,
   * warm-up.ts). At most once per TYPING_HINT_MS, target and port (a reconnected port is a
   * restarted worker, whose warm sockets are gone); a hint while the port is down reconnects it,
   * which starts a stopped worker while the user is still typing.
   */
  typing(): void {
    // While the port is down the hint is queued for the next port: count it as that port's.
    const port = this.client.opens + (this.client.connected ? 0 : 1);
    const conversationId = this.store.conversationId.peek();
    const target = `${port}:${conversationId ?? ''}`;
    const now = Date.now();
    if (this.typingHint && this.typingHint.target === target && now - this.typingHint.at < TYPING_HINT_MS) return;
    this.typingHint = { target, at: now };
    this.client.send(conversationId ? { type: 'composer-typing', conversationId } : { type: 'composer-typing' });
  }

  private dispatch(text: string): void {
    const requestId = newRequestId();
    const conversationId = this.store.conversationId.peek();
    this.store.lastPrompt = { requestId, text };
    if (conversationId) {
      this.client.send({ type: 'chat-start', requestId, conversationId, text, options: this.chatOptions() });
    } else {
      this.store.pending.value = { requestId, text };
      this.store.contentVersion.value++;
      this.client.send({ type: 'chat-start', requestId, text, options: this.chatOptions() });
      this.draftSettings.value = {};
    }
  }

  /** A prompt typed while a new chat was being created goes out once it exists. */
  private releaseWaiting(): void {
    const text = this.store.waiting.peek();
    if (text === null || this.store.pending.peek()) return;
    this.store.waiting.value = null;
    if (this.store.conversationId.peek()) this.dispatch(text);
    else if (!this.store.draft.peek()) this.store.draft.value = text;
  }

  stop(): void {
    const conversationId = this.store.conversationId.peek();
    if (conversationId && this.store.activeAnswer.peek()) this.client.send({ type: 'chat-stop', conversationId });
  }

  /** Sends a message about the open conversation; without one there is nothing to act on. */
  private sendFor(build: (conversationId: string) => ClientMessage): void {
    const conversationId = this.store.conversationId.peek();
    if (conversationId) this.client.send(build(conversationId));
  }

  regenerate(messageId: string, model?: string): void {
    if (model && this.store.conversationId.peek()) this.selectModel(model);
    this.sendFor((conversationId) => ({ type: 'chat-regenerate', requestId: newRequestId(), conversationId, messageId, options: this.chatOptions() }));
  }

  /** "Answer with …" on a failed answer (issue #17): that model answers; the conversation keeps its own. */
  answerWith(messageId: string, model: string): void {
    this.sendFor((conversationId) => ({ type: 'chat-regenerate', requestId: newRequestId(), conversationId, messageId, options: this.chatOptions(), answerWith: model }));
  }

  edit(messageId: string, text: string): void {
    if (text.trim() === '') return;
    this.sendFor((conversationId) => ({ type: 'chat-edit', requestId: newRequestId(), conversationId, messageId, text, options: this.chatOptions() }));
  }

  /** Show another version of a message (issue #12); the background answers with the new path. */
  selectVersion(messageId: string): void {
    this.sendFor((conversationId) => ({ type: 'version-select', conversationId, messageId }));
  }

  continueAnswer(messageId: string): void {
    this.sendFor((conversationId) => ({ type: 'chat-continue', requestId: newRequestId(), conversationId, messageId }));
  }

  /** A long document: answer from its first characters only instead of in sections (issue #13). */
  documentFirstOnly(messageId: string): void {
    this.sendFor((conversationId) => ({ type: 'doc-first', conversationId, messageId }));
  }

  refreshModels(): void {
    this.client.send({ type: 'models-list', refresh: true });
  }

  selectModel(model: string): void {
    this.store.selectedModel.value = model;
    const id = this.store.conversationId.peek();
    if (id) void this.updateConversationSettings({ model });
  }

  openPlayground(): void {
    this.platform.openPlayground().catch(() => this.showToast(t('errorOpenTabFailed')));
  }

  /**
   * "Open the playground to verify": the background opens (or focuses) a playground tab, watches
   * it pass the check and retries this answer by itself.
   */
  verify(messageId: string): void {
    const conversationId = this.store.conversationId.peek();
    if (!conversationId) return this.openPlayground();
    this.client.send({ type: 'challenge-verify', conversationId, messageId });
  }

  // ---- conversations -----------------------------------------------------------------------

  newChat(): void {
    const previous = this.store.conversationId.peek();
    if (previous) this.client.subscribe(null);
    this.store.clearConversation();
    this.store.waiting.value = null;
    this.store.draftContext.value = null;
    this.draftSettings.value = {};
    this.store.selectedModel.value = this.store.settings.peek().model ?? DEFAULT_MODEL;
  }

  openConversation(conversation: Conversation): void {
    if (conversation.id === this.store.conversationId.peek()) return;
    this.store.openConversation(conversation);
    if (!conversation.model) this.store.selectedModel.value = this.store.settings.peek().model ?? DEFAULT_MODEL;
    this.client.subscribe(conversation.id);
  }

  async updateConversationSettings(patch: ConversationSettingsPatch): Promise<void> {
    const clean = sanitizeSettings(patch);
    const current = this.store.conversation.peek();
    if (!current) {
      this.draftSettings.value = { ...this.draftSettings.peek(), ...clean };
      return;
    }
    // Cleared fields (empty inputs) fall back to the settings.
    const next: Conversation = { ...current, ...clean };
    for (const key of Object.keys(patch) as (keyof ConversationSettingsPatch)[]) {
      if (patch[key] === undefined || patch[key] === '') delete next[key];
    }
    this.store.conversation.value = next;
    await this.guard(() => this.history.updateSettings(current.id, patch));
  }

  async updateSettings(patch: UiSettings): Promise<void> {
    const next = { ...this.store.settings.peek(), ...patch };
    this.applySettings(next);
    await this.guard(() => this.history.saveSettings(patch));
  }

}
