// Side-panel state in @preact/signals. Each message keeps its text, reasoning and record in their
// own signals, so a streamed delta re-renders only the message it belongs to. Deltas are buffered
// and flushed at most once per animation frame, at once after a quiet spell (the message list:
// lib/pages/message-states.ts).
import { batch, computed, signal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import type { ErrorCode } from '@/lib/shared/errors';
import type { ModelInfo } from '@/lib/shared/models';
import { modelAfterList } from './model-choice';
import { isAnswerDetail, type ServerMessage, type VersionMap } from '@/lib/protocol/messages';
import type { Conversation } from '@/lib/protocol/records';
import type { UiSettings } from './history';
import { ACTIVE_STATUSES, frameScheduler, MessageStates, type MessageState, type Scheduler } from './message-states';

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

export class ChatStore {
  readonly connection = signal<ConnectionState>('connecting');
  readonly conversations = signal<Conversation[]>([]);
  /** The open conversation; null = a new, unsaved chat. */
  readonly conversation = signal<Conversation | null>(null);
  /** Id of the conversation being opened or open (set before its snapshot arrives). */
  readonly conversationId = signal<string | null>(null);
  /** The open conversation's messages (lib/pages/message-states.ts). */
  readonly messages: MessageStates['messages'];
  readonly pending = signal<PendingTurn | null>(null);
  /** Versions of the shown messages that have more than one (issue #12), by message id. */
  readonly versions = signal<VersionMap>({});
  readonly models = signal<ModelInfo[]>([]);
  readonly selectedModel = signal<string>('');
  readonly settings = signal<UiSettings>({});
  /** The interface language actually in effect; changes once its catalogue has loaded. */
  readonly language = signal('auto');
  readonly notice = signal<Notice | null>(null);
  readonly draft = signal('');
  /** "Ask FlareChat about this": the quoted selection block, shown as a chip and sent after the question. */
  readonly draftContext = signal<string | null>(null);
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

  private readonly list: MessageStates;
  private noticeCounter = 0;

  constructor(schedule: Scheduler = frameScheduler()) {
    this.list = new MessageStates(schedule, () => this.contentVersion.value++);
    this.messages = this.list.messages;
  }

  // ---- conversation lifecycle --------------------------------------------------------------

  /** Start a new, empty chat. */
  clearConversation(): void {
    batch(() => {
      this.conversation.value = null;
      this.conversationId.value = null;
      this.pending.value = null;
      this.list.replace([]);
      this.versions.value = {};
      this.notice.value = null;
    });
  }

  /** Mark a stored conversation as the one being opened; its snapshot fills it in. */
  openConversation(conversation: Conversation): void {
    batch(() => {
      this.conversation.value = conversation;
      this.conversationId.value = conversation.id;
      this.pending.value = null;
      this.list.replace([]);
      this.versions.value = {};
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
          this.list.replace(message.messages);
          this.versions.value = message.versions ?? {};
          if (message.live) this.list.applyLive(message.live);
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
        if (this.list.isDuplicate(message.requestId, message.seq)) return;
        batch(() => {
          if (ours) this.pending.value = null;
          this.conversation.value = message.conversation;
          this.conversationId.value = message.conversationId;
          this.list.merge(message.messages);
          this.versions.value = message.versions ?? {};
          this.contentVersion.value++;
        });
        this.onHistoryChanged();
        return;
      }
      case 'chat-status': {
        // A waiting answer started (or went back to waiting: offline, playground check).
        if (message.conversationId !== this.conversationId.value) return;
        if (this.list.isDuplicate(message.requestId, message.seq)) return;
        this.list.dropBuffered(message.messageId);
        batch(() => {
          const state = this.list.upsert(message.message);
          // An unknown detail (a newer background) shows nothing rather than a wrong word.
          state.detail.value = message.status === 'streaming' && isAnswerDetail(message.detail) ? message.detail : undefined;
          this.contentVersion.value++;
        });
        return;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        if (message.conversationId !== this.conversationId.value) return;
        if (this.list.isDuplicate(message.requestId, message.seq)) return;
        this.list.bufferDelta(message.messageId, message.type === 'text-delta' ? 'text' : 'reasoning', message.text);
        return;
      }
      case 'chat-end':
      case 'chat-error': {
        if (message.conversationId !== this.conversationId.value) {
          this.onHistoryChanged();
          return;
        }
        if (this.list.isDuplicate(message.requestId, message.seq)) return;
        this.list.dropBuffered(message.messageId);
        let final = message.message;
        if (message.type === 'chat-error' && !final.error && final.status === 'error') {
          final = { ...final, error: { code: message.code, message: message.error } };
        }
        batch(() => {
          this.list.upsert(final).detail.value = undefined;
          this.contentVersion.value++;
        });
        this.onHistoryChanged();
        return;
      }
      case 'doc-progress': // issue #13: a long document's sections as they are read
        if (message.conversationId === this.conversationId.value && !this.list.isDuplicate(message.requestId, message.seq))
          this.list.setDocument(message.messageId, message.document);
        return;
      case 'models-listed':
        batch(() => {
          this.models.value = message.models;
          this.selectedModel.value = modelAfterList(message.models, this.selectedModel.peek(), this.conversation.peek()?.model);
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
    this.list.flush();
  }

  getMessage(id: string): MessageState | undefined {
    return this.list.get(id);
  }
}
