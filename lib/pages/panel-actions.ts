// The side panel's actions: ChatActions plus the history half, the conversation list (paged and
// bounded, lib/pages/history-pages.ts; searched), rename, pin, delete with undo, export and import. Only the panel shows these, so only
// the panel's bundle carries them (the popup builds a plain ChatActions).
import { signal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import type { Conversation } from '@/lib/protocol/records';
import { ChatActions } from './actions';
import { HistoryPages, PAGE_ROWS } from './history-pages';

function safeFilename(title: string): string {
  const cleaned = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim().slice(0, 60);
  return cleaned || 'conversation';
}

export class PanelActions extends ChatActions {
  readonly historyQuery = signal('');
  /** The list's rows, paged and bounded (issue #16); the list component tells it what is on screen. */
  readonly historyPages = new HistoryPages(
    (error) => (this.historyError.value = t('errorHistoryLoad', String((error as Error)?.message ?? error))),
    () => (this.historyError.value = null),
  );
  /** The query the pages were last reset for (null: never loaded). */
  private listedQuery: string | null = null;

  override async refreshList(query = this.historyQuery.peek()): Promise<void> {
    const trimmed = query.trim();
    if (trimmed !== this.listedQuery) {
      this.listedQuery = trimmed;
      // Search builds a snippet per result and has no cursor: page k is the tail of the first k+1 pages.
      this.historyPages.reset(
        trimmed
          ? (page) => this.history.search(trimmed, (page + 1) * PAGE_ROWS).then((rows) => rows.slice(page * PAGE_ROWS))
          : (_page, before) => this.history.list(PAGE_ROWS, before),
        !trimmed,
      );
    }
    await this.historyPages.refresh();
  }

  setHistoryQuery(query: string): void {
    this.historyQuery.value = query;
    void this.refreshList(query);
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
