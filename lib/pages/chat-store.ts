// Side-panel state in @preact/signals. Each message keeps its text, reasoning and record in their
// own signals, so a streamed delta re-renders only the message it belongs to. Deltas are buffered
// and flushed at most once per animation frame.
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { defaultModelOf } from '@/lib/shared/models';
import { batch, computed, signal, type Signal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import type { ErrorCode } from '@/lib/shared/errors';
import type { ModelInfo } from '@/lib/shared/models';
import { isAnswerDetail, type AnswerDetail, type LiveAnswer, type ServerMessage } from '@/lib/protocol/messages';
import type { Conversation, Message, MessageRole } from '@/lib/protocol/records';
import type { UiSettings } from './history';

export interface MessageState {
  readonly id: string;
  readonly role: MessageRole;
  /** Status, model, error, usage, timings: changes a few times per answer. */
  readonly record: Signal<Message>;
  /** Changes on every flushed delta. */
  readonly text: Signal<string>;
  readonly reasoning: Signal<string>;
  /** What the playground is doing for this answer besides streaming (issue #17); undefined = nothing. */
  readonly detail: Signal<AnswerDetail | undefined>;
}

/** A prompt sent for a new conversation, shown until the background answers `chat-started`. */
export interface PendingTurn {
  requestId: string;
  text: string;
}

export interface Notice {
  id: number;
  text: string;
  code?: ErrorCode | 'bad-request' | 'storage' | 'connection';
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export type Scheduler = (callback: () => void) => void;

/** requestAnimationFrame while the page is visible; a 16 ms timer otherwise (rAF pauses when hidden). */
export const frameScheduler: Scheduler = (callback) => {
  const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
  if (visible && typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

const ACTIVE_STATUSES = new Set(['queued', 'streaming']);

export class ChatStore {
  readonly connection = signal<ConnectionState>('connecting');
  readonly conversations = signal<Conversation[]>([]);
  /** The open conversation; null = a new, unsaved chat. */
  readonly conversation = signal<Conversation | null>(null);
  /** Id of the conversation being opened or open (set before its snapshot arrives). */
  readonly conversationId = signal<string | null>(null);
  readonly messages = signal<MessageState[]>([]);
  readonly pending = signal<PendingTurn | null>(null);
  readonly models = signal<ModelInfo[]>([]);
  readonly selectedModel = signal<string>('');
  readonly settings = signal<UiSettings>({});
  /** The interface language actually in effect; changes once its catalogue has loaded. */
  readonly language = signal('auto');
  readonly notice = signal<Notice | null>(null);
  readonly draft = signal('');
  /** A prompt typed while an answer was still being written: it goes out when that answer ends. */
  readonly waiting = signal<string | null>(null);
  /** The last chat-start sent, so a refusal can give its text back. */
  lastPrompt: { requestId: string; text: string } | null = null;
  /** Bumped on every flush and list change: the message list follows it to auto-scroll. */
  readonly contentVersion = signal(0);
  /** Bumped when the reader should be taken to the newest message (they just sent one). */
  readonly followRequest = signal(0);

  /** The answer that can be stopped right now, if any. */
  readonly activeAnswer = computed<MessageState | null>(() => {
    for (const message of this.messages.value) {
      if (message.role === 'assistant' && ACTIVE_STATUSES.has(message.record.value.status)) return message;
    }
    return null;
  });

  /** Called after anything that changes the stored history (list refresh). */
  onHistoryChanged: () => void = () => undefined;

  private readonly byId = new Map<string, MessageState>();
  private readonly lastSeq = new Map<string, number>();
  private readonly buffer = new Map<string, { text: string; reasoning: string }>();
  private flushScheduled = false;
  private noticeCounter = 0;

  constructor(private readonly schedule: Scheduler = frameScheduler) {}

  // ---- conversation lifecycle --------------------------------------------------------------

  /** Start a new, empty chat. */
  clearConversation(): void {
    batch(() => {
      this.conversation.value = null;
      this.conversationId.value = null;
      this.pending.value = null;
      this.replaceMessages([]);
      this.notice.value = null;
    });
  }

  /** Mark a stored conversation as the one being opened; its snapshot fills it in. */
  openConversation(conversation: Conversation): void {
    batch(() => {
      this.conversation.value = conversation;
      this.conversationId.value = conversation.id;
      this.pending.value = null;
      this.replaceMessages([]);
      this.notice.value = null;
      if (conversation.model) this.selectedModel.value = conversation.model;
    });
  }

  /** The prompt of an unanswered new chat returns to the composer, with a word about why. */
  recoverPending(): void {
    const pending = this.pending.peek();
    if (!pending) return;
    batch(() => {
      this.pending.value = null;
      if (!this.draft.peek()) this.draft.value = pending.text;
      this.showNotice(t('errorLostBeforeStart'), 'connection');
      this.contentVersion.value++;
    });
  }

  showNotice(text: string, code?: Notice['code']): void {
    this.notice.value = { id: ++this.noticeCounter, text, code };
  }

  // ---- server frames -----------------------------------------------------------------------

  handle(message: ServerMessage): void {
    switch (message.type) {
      case 'conversation-snapshot':
        if (message.conversation.id !== this.conversationId.value) return;
        batch(() => {
          this.conversation.value = message.conversation;
          this.replaceMessages(message.messages);
          if (message.live) this.applyLive(message.live);
          this.contentVersion.value++;
        });
        return;
      case 'conversation-updated':
        if (message.conversation.id === this.conversationId.value) this.conversation.value = message.conversation;
        this.onHistoryChanged();
        return;
      case 'conversation-missing':
        if (message.conversationId === this.conversationId.value) this.clearConversation();
        this.onHistoryChanged();
        return;
      case 'chat-started': {
        const ours = this.pending.value?.requestId === message.requestId;
        if (!ours && message.conversationId !== this.conversationId.value) return;
        if (this.isDuplicate(message.requestId, message.seq)) return;
        batch(() => {
          if (ours) this.pending.value = null;
          this.conversation.value = message.conversation;
          this.conversationId.value = message.conversationId;
          this.mergeMessages(message.messages);
          this.contentVersion.value++;
        });
        this.onHistoryChanged();
        return;
      }
      case 'chat-status': {
        // A waiting answer started (or went back to waiting: offline, playground check).
        if (message.conversationId !== this.conversationId.value) return;
        if (this.isDuplicate(message.requestId, message.seq)) return;
        this.buffer.delete(message.messageId);
        batch(() => {
          const state = this.upsert(message.message);
          // An unknown detail (a newer background) shows nothing rather than a wrong word.
          state.detail.value = message.status === 'streaming' && isAnswerDetail(message.detail) ? message.detail : undefined;
          this.contentVersion.value++;
        });
        return;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        if (message.conversationId !== this.conversationId.value) return;
        if (this.isDuplicate(message.requestId, message.seq)) return;
        const entry = this.buffer.get(message.messageId) ?? { text: '', reasoning: '' };
        if (message.type === 'text-delta') entry.text += message.text;
        else entry.reasoning += message.text;
        this.buffer.set(message.messageId, entry);
        this.scheduleFlush();
        return;
      }
      case 'chat-end':
      case 'chat-error': {
        if (message.conversationId !== this.conversationId.value) {
          this.onHistoryChanged();
          return;
        }
        if (this.isDuplicate(message.requestId, message.seq)) return;
        this.buffer.delete(message.messageId);
        let final = message.message;
        if (message.type === 'chat-error' && !final.error && final.status === 'error') {
          final = { ...final, error: { code: message.code, message: message.error } };
        }
        batch(() => {
          this.upsert(final).detail.value = undefined;
          this.contentVersion.value++;
        });
        this.onHistoryChanged();
        return;
      }
      case 'models-listed':
        batch(() => {
          this.models.value = message.models;
          // The default is the first suitable model of the live list (issue #17): a selection the
          // list no longer has (retired, paid-only, or a hard-coded default) is never sent.
          const selected = this.selectedModel.peek();
          const open = this.conversation.peek();
          if (message.models.length > 0 && !open?.model && !message.models.some((m) => m.id === selected))
            this.selectedModel.value = defaultModelOf(message.models, selected || DEFAULT_MODEL);
        });
        return;
      case 'request-rejected': {
        const pending = this.pending.value;
        const last = this.lastPrompt;
        batch(() => {
          if (pending && (message.requestId === undefined || message.requestId === pending.requestId)) this.pending.value = null;
          // Give the prompt back to the composer rather than losing it.
          if (last && message.requestId === last.requestId) {
            if (!this.draft.value) this.draft.value = last.text;
            this.lastPrompt = null;
          }
          this.showNotice(message.error, message.code);
        });
        return;
      }
    }
  }

  /** Apply buffered deltas now (normally called by the frame scheduler). */
  flush(): void {
    if (this.buffer.size === 0) return;
    const entries = [...this.buffer];
    this.buffer.clear();
    batch(() => {
      for (const [id, chunk] of entries) {
        const state = this.byId.get(id);
        if (!state) continue;
        if (chunk.text) state.text.value += chunk.text;
        if (chunk.reasoning) state.reasoning.value += chunk.reasoning;
        const record = state.record.peek();
        if (record.status === 'queued') state.record.value = { ...record, status: 'streaming' };
      }
      this.contentVersion.value++;
    });
  }

  getMessage(id: string): MessageState | undefined {
    return this.byId.get(id);
  }

  // ---- internals ---------------------------------------------------------------------------

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Frames with seq ≤ the last seen for their request are replays: drop them. */
  private isDuplicate(requestId: string, seq: number): boolean {
    const last = this.lastSeq.get(requestId);
    if (last !== undefined && seq <= last) return true;
    this.lastSeq.set(requestId, seq);
    return false;
  }

  private applyLive(live: LiveAnswer): void {
    this.buffer.delete(live.messageId);
    this.lastSeq.set(live.requestId, live.seq);
    const state = this.byId.get(live.messageId);
    if (!state) return;
    state.text.value = live.text;
    state.reasoning.value = live.reasoning;
    state.detail.value = isAnswerDetail(live.detail) ? live.detail : undefined;
    const record = state.record.peek();
    if (!ACTIVE_STATUSES.has(record.status)) state.record.value = { ...record, status: 'streaming' };
  }

  private createState(message: Message): MessageState {
    return {
      id: message.id,
      role: message.role,
      record: signal(message),
      text: signal(message.text),
      reasoning: signal(message.reasoning ?? ''),
      detail: signal(undefined),
    };
  }

  /** Update (or create) one message's state from an authoritative record. */
  private upsert(message: Message): MessageState {
    const existing = this.byId.get(message.id);
    if (!existing) {
      const state = this.createState(message);
      this.byId.set(message.id, state);
      this.messages.value = [...this.messages.peek(), state].sort((a, b) => a.record.peek().seq - b.record.peek().seq);
      return state;
    }
    existing.record.value = message;
    existing.text.value = message.text;
    existing.reasoning.value = message.reasoning ?? '';
    return existing;
  }

  private replaceMessages(messages: Message[]): void {
    this.buffer.clear();
    this.byId.clear();
    const states = [...messages].sort((a, b) => a.seq - b.seq).map((m) => this.createState(m));
    for (const state of states) this.byId.set(state.id, state);
    this.messages.value = states;
  }

  /**
   * Merge a slice of the conversation: every known message at or after the first incoming one that
   * the slice does not contain was dropped by the background (regenerate/edit), so drop it too.
   */
  private mergeMessages(incoming: Message[]): void {
    if (incoming.length === 0) return;
    const firstSeq = Math.min(...incoming.map((m) => m.seq));
    const incomingIds = new Set(incoming.map((m) => m.id));
    const kept = this.messages.peek().filter((s) => s.record.peek().seq < firstSeq || incomingIds.has(s.id));
    for (const state of this.messages.peek()) {
      if (!kept.includes(state)) {
        this.byId.delete(state.id);
        this.buffer.delete(state.id);
      }
    }
    const next = [...kept];
    for (const message of incoming) {
      const existing = this.byId.get(message.id);
      if (existing) {
        existing.record.value = message;
        existing.text.value = message.text;
        existing.reasoning.value = message.reasoning ?? '';
      } else {
        const state = this.createState(message);
        this.byId.set(message.id, state);
        next.push(state);
      }
    }
    this.messages.value = next.sort((a, b) => a.record.peek().seq - b.record.peek().seq);
  }
}
