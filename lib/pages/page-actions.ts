// What every page's actions share: the store, the data port's history API, the platform, the toast
// and the guard that turns a failed history or settings operation into a visible message. ChatActions
// (the popup's and the panel's chat) extends this; PanelActions adds the history list on top, so the
// popup does not carry the list, rename, pin, delete, export and import it never shows (issue #16).
import { signal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import type { ChatStore } from './chat-store';
import type { HistoryApi } from './history';
import type { Platform } from './platform';

export interface Toast {
  id: number;
  text: string;
  actionLabel?: string;
  action?: () => void;
}

const TOAST_MS = 6000;

export abstract class PageActions {
  readonly toast = signal<Toast | null>(null);
  readonly historyError = signal<string | null>(null);
  private toastTimer: ReturnType<typeof setTimeout> | null = null;
  private toastCounter = 0;

  constructor(
    readonly store: ChatStore,
    readonly history: HistoryApi,
    readonly platform: Platform,
  ) {}

  /** Leaves the open conversation for an empty new chat. */
  abstract newChat(): void;

  /** Reloads the history list; a page without one (the popup) has nothing to reload. */
  async refreshList(): Promise<void> {}

  // ---- toasts ------------------------------------------------------------------------------

  showToast(text: string, actionLabel?: string, action?: () => void): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toast.value = { id: ++this.toastCounter, text, actionLabel, action };
    this.toastTimer = setTimeout(() => this.dismissToast(), TOAST_MS);
  }

  /**
   * While `held` (focus is in the toast, or in the open History the delete came from) the toast
   * stays until dismissed, so a keyboard user can reach its Undo (issue #12); then its time runs again.
   */
  holdToast(held: boolean): void {
    if (!this.toast.peek()) return;
    if (held) {
      if (this.toastTimer) clearTimeout(this.toastTimer);
      this.toastTimer = null;
    } else if (!this.toastTimer) {
      this.toastTimer = setTimeout(() => this.dismissToast(), TOAST_MS);
    }
  }

  dismissToast(): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = null;
    this.toast.value = null;
  }

  /** Run a history operation; a failure becomes a visible message, never an unhandled rejection. */
  protected async guard(operation: () => Promise<unknown>): Promise<boolean> {
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
