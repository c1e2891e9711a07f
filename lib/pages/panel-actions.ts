// The side panel's actions: ChatActions plus the history half, the conversation list (paged,
// searched), rename, pin, delete with undo, export and import. Only the panel shows these, so only
// the panel's bundle carries them (the popup builds a plain ChatActions).
import { signal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import type { Conversation } from '@/lib/protocol/records';
import { ChatActions } from './actions';
import { HISTORY_PAGE_SIZE } from './history';

function safeFilename(title: string): string {
  const cleaned = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim().slice(0, 60);
  return cleaned || 'conversation';
}

export class PanelActions extends ChatActions {
  readonly historyQuery = signal('');
  /** How many conversations the history list shows; "Show more" raises it a page at a time. */
  readonly historyLimit = signal(HISTORY_PAGE_SIZE);
  private listGeneration = 0;

  override async refreshList(query = this.historyQuery.peek()): Promise<void> {
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

  /** `file`: the text, or its read (readImportFile refuses an oversized file before reading it). */
  async importFile(file: string | Promise<string>): Promise<void> {
    try {
      const result = await this.history.importText(await file);
      this.historyError.value = null;
      this.showToast(t('toastImported', result.conversations));
      await this.refreshList();
    } catch (error) {
      this.historyError.value = t('errorImport', String((error as Error)?.message ?? error));
    }
  }

}
