// Everything the side panel can do, in one place: components call these; these talk to the port
// (ChatClient), the history (HistoryApi) and the platform (tabs, downloads).
import { batch, effect, signal } from '@preact/signals';
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { applyLanguage, t } from '@/lib/shared/i18n';
import type { ModelInfo } from '@/lib/playground/types';
import type { ChatOptions } from '@/lib/protocol/messages';
import type { Conversation } from '@/lib/protocol/records';
import type { ChatClient } from './chat-client';
import type { ChatStore } from './chat-store';
import { HISTORY_PAGE_SIZE, type ConversationSettingsPatch, type HistoryApi, type UiSettings } from './history';
import { newRequestId } from './ids';
import type { Platform } from './platform';

export interface Toast {
  id: number;
  text: string;
  actionLabel?: string;
  action?: () => void;
}

export const TEMPERATURE_RANGE = { min: 0, max: 2, step: 0.1 } as const;
// Same ranges as lib/background/storage/validate.ts (the store refuses anything outside them).
export const MAX_TOKENS_RANGE = { min: 1, max: 8192 } as const;
const TOAST_MS = 6000;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Keep only valid overrides: the background rejects out-of-range options. */
export function sanitizeSettings(patch: ConversationSettingsPatch): ConversationSettingsPatch {
  const out: ConversationSettingsPatch = {};
  if (patch.model) out.model = patch.model;
  if (patch.systemPrompt !== undefined) out.systemPrompt = patch.systemPrompt.slice(0, 20_000);
  if (patch.temperature !== undefined && Number.isFinite(patch.temperature))
    out.temperature = Math.round(clamp(patch.temperature, TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max) * 100) / 100;
  if (patch.maxTokens !== undefined && Number.isFinite(patch.maxTokens))
    out.maxTokens = Math.round(clamp(patch.maxTokens, MAX_TOKENS_RANGE.min, MAX_TOKENS_RANGE.max));
  return out;
}

/** A smaller, faster model to suggest when the playground rate-limits (null when none fits). */
export function lighterModel(models: readonly ModelInfo[], current: string): ModelInfo | null {
  const size = (m: ModelInfo): number => {
    const match = /(\d+(?:\.\d+)?)b\b/i.exec(m.id);
    return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
  };
  const currentModel = models.find((m) => m.id === current);
  const currentSize = currentModel ? size(currentModel) : Number.POSITIVE_INFINITY;
  const candidates = models.filter((m) => m.id !== current && size(m) < currentSize && size(m) >= 1);
  candidates.sort((a, b) => size(b) - size(a));
  // The largest model that is still smaller: lighter, without falling off a quality cliff.
  return candidates.find((m) => size(m) <= 12) ?? candidates[0] ?? null;
}

function safeFilename(title: string): string {
  const cleaned = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim().slice(0, 60);
  return cleaned || 'conversation';
}

export class ChatActions {
  readonly toast = signal<Toast | null>(null);
  readonly historyQuery = signal('');
  /** How many conversations the history list shows; "Show more" raises it a page at a time. */
  readonly historyLimit = signal(HISTORY_PAGE_SIZE);
  readonly historyError = signal<string | null>(null);
  /** Settings for a chat that has no conversation yet; applied once it is created. */
  readonly draftSettings = signal<ConversationSettingsPatch>({});
  private toastTimer: ReturnType<typeof setTimeout> | null = null;
  private toastCounter = 0;
  private listGeneration = 0;
  private unwatchSettings: (() => void) | null = null;
  private readonly disposers: (() => void)[] = [];

  constructor(
    readonly store: ChatStore,
    readonly client: ChatClient,
    readonly history: HistoryApi,
    readonly platform: Platform,
    /** The page's teardown: aborting it disposes these actions (and closes the port client). */
    signal?: AbortSignal,
  ) {
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
    try {
      this.applySettings(await this.history.loadSettings());
      this.unwatchSettings = this.history.watchSettings((s) => this.applySettings(s));
      // Another page renamed, deleted or imported: the open list follows.
      const unwatchHistory = this.history.watchHistory?.(() => void this.refreshList());
      if (unwatchHistory) this.disposers.push(unwatchHistory);
    } catch {
      this.applySettings({});
    }
    await this.refreshList();
  }

  dispose(): void {
    this.unwatchSettings?.();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.dismissToast();
    this.client.close();
  }

  private applySettings(settings: UiSettings): void {
    batch(() => {
      this.store.settings.value = settings;
      if (!this.store.conversation.peek()?.model) this.store.selectedModel.value = settings.model ?? this.store.selectedModel.peek() ?? DEFAULT_MODEL;
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

  regenerate(messageId: string, model?: string): void {
    const conversationId = this.store.conversationId.peek();
    if (!conversationId) return;
    if (model) this.selectModel(model);
    this.client.send({ type: 'chat-regenerate', requestId: newRequestId(), conversationId, messageId, options: this.chatOptions() });
  }

  edit(messageId: string, text: string): void {
    const conversationId = this.store.conversationId.peek();
    if (!conversationId || text.trim() === '') return;
    this.client.send({ type: 'chat-edit', requestId: newRequestId(), conversationId, messageId, text, options: this.chatOptions() });
  }

  continueAnswer(messageId: string): void {
    const conversationId = this.store.conversationId.peek();
    if (!conversationId) return;
    this.client.send({ type: 'chat-continue', requestId: newRequestId(), conversationId, messageId });
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
    this.draftSettings.value = {};
    this.store.selectedModel.value = this.store.settings.peek().model ?? DEFAULT_MODEL;
  }

  openConversation(conversation: Conversation): void {
    if (conversation.id === this.store.conversationId.peek()) return;
    this.store.openConversation(conversation);
    if (!conversation.model) this.store.selectedModel.value = this.store.settings.peek().model ?? DEFAULT_MODEL;
    this.client.subscribe(conversation.id);
  }

  async refreshList(query = this.historyQuery.peek()): Promise<void> {
    const generation = ++this.listGeneration;
    try {
      const trimmed = query.trim();
      // The list reads one page beyond what is shown (a cheap index walk) so "Show more" can say how
      // many; search builds a snippet per result, so it asks for one row more than it shows.
      const shown = this.historyLimit.peek();
      const list = trimmed ? await this.history.search(trimmed, shown + 1) : await this.history.list(shown + HISTORY_PAGE_SIZE);
      if (generation !== this.listGeneration) return; // a newer search won
      const visible = list.filter((c) => !c.deletedAt);
      if (!trimmed) visible.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt);
      this.store.conversations.value = visible;
      this.historyError.value = null;
    } catch (error) {
      if (generation === this.listGeneration) this.historyError.value = t('errorHistoryLoad', String((error as Error)?.message ?? error));
    }
  }

  setHistoryQuery(query: string): void {
    this.historyQuery.value = query;
    this.historyLimit.value = HISTORY_PAGE_SIZE;
    void this.refreshList(query);
  }

  showMoreHistory(): void {
    this.historyLimit.value += HISTORY_PAGE_SIZE;
    void this.refreshList();
  }

  async rename(id: string, title: string): Promise<void> {
    const trimmed = title.trim();
    if (!trimmed) return;
    await this.guard(() => this.history.rename(id, trimmed));
    const current = this.store.conversation.peek();
    if (current?.id === id) this.store.conversation.value = { ...current, title: trimmed };
  }

  async togglePin(conversation: Conversation): Promise<void> {
    await this.guard(() => this.history.setPinned(conversation.id, !conversation.pinned));
  }

  async remove(conversation: Conversation): Promise<void> {
    const ok = await this.guard(() => this.history.remove(conversation.id));
    if (!ok) return;
    if (this.store.conversationId.peek() === conversation.id) this.newChat();
    this.showToast(t('toastDeleted', conversation.title), t('actionUndo'), () => {
      void this.guard(() => this.history.undoRemove(conversation.id));
    });
  }

  async exportConversation(conversation: Conversation, format: 'markdown' | 'json'): Promise<void> {
    await this.guard(async () => {
      const name = safeFilename(conversation.title);
      if (format === 'markdown') {
        this.platform.download(`${name}.md`, await this.history.exportMarkdown(conversation.id), 'text/markdown');
      } else {
        this.platform.download(`${name}.json`, await this.history.exportJson(conversation.id), 'application/json');
      }
    });
  }

  async exportAll(): Promise<void> {
    await this.guard(async () => {
      const date = new Date().toISOString().slice(0, 10);
      this.platform.download(`flarechat-${date}.json`, await this.history.exportAll(), 'application/json');
    });
  }

  async importFile(text: string): Promise<void> {
    try {
      const result = await this.history.importText(text);
      this.historyError.value = null;
      this.showToast(t('toastImported', result.conversations));
      await this.refreshList();
    } catch (error) {
      this.historyError.value = t('errorImport', String((error as Error)?.message ?? error));
    }
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

  // ---- toasts ------------------------------------------------------------------------------

  showToast(text: string, actionLabel?: string, action?: () => void): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toast.value = { id: ++this.toastCounter, text, actionLabel, action };
    this.toastTimer = setTimeout(() => this.dismissToast(), TOAST_MS);
  }

  dismissToast(): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = null;
    this.toast.value = null;
  }

  /** Run a history operation; a failure becomes a visible message, never an unhandled rejection. */
  private async guard(operation: () => Promise<unknown>): Promise<boolean> {
    try {
      await operation();
      await this.refreshList();
      return true;
    } catch (error) {
      this.historyError.value = t('errorHistoryAction', String((error as Error)?.message ?? error));
      return false;
    }
  }
}
