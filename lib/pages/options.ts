// The options page's state and actions (issue #4): defaults, templates, language, data, about.
// Every change is saved to storage at once; the panel, popup and background follow through
// storage.onChanged (watchSettings, the menu rebuild), so nothing needs a reload.
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { applyLanguage, t } from '@/lib/shared/i18n';
import type { ModelInfo } from '@/lib/shared/models';
import { CHAT_PORT, type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import { deleteAllData } from '@/lib/background/storage/conversations';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, SETTINGS_KEY, watchSettings, type Settings } from '@/lib/background/storage/settings';
import { loadTemplates, newTemplateId, resetTemplates, saveTemplates, TEMPLATES_KEY, type PromptTemplate } from '@/lib/background/surfaces/templates';
import type { HistoryApi } from './history';
import type { Platform } from './platform';
import { POPUP_CONVERSATION_KEY } from './popup';

export interface Status {
  id: number;
  text: string;
  error?: boolean;
}

/** Permissions shown in the about section, with the reason (mirrors PRIVACY.md). */
export const PERMISSION_REASONS = {
  host: 'permHost',
  storage: 'permStorage',
  declarativeNetRequestWithHostAccess: 'permDnr',
  offscreen: 'permOffscreen',
  scripting: 'permScripting',
  contextMenus: 'permContextMenus',
  activeTab: 'permActiveTab',
  sidePanel: 'permSidePanel',
} as const;

export interface PermissionRow {
  name: string;
  reason: (typeof PERMISSION_REASONS)[keyof typeof PERMISSION_REASONS];
}

/** The manifest's permissions, each with its reason; hosts grouped in one row. */
export function permissionRows(manifest: { permissions?: string[]; host_permissions?: string[] }): PermissionRow[] {
  const rows: PermissionRow[] = [];
  const hosts = manifest.host_permissions ?? [];
  if (hosts.length) rows.push({ name: hosts.join(', '), reason: PERMISSION_REASONS.host });
  for (const name of manifest.permissions ?? []) {
    const reason = PERMISSION_REASONS[name as keyof typeof PERMISSION_REASONS];
    if (reason) rows.push({ name, reason });
  }
  return rows;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export class OptionsController {
  readonly settings = signal<Settings>({ ...DEFAULT_SETTINGS });
  readonly templates = signal<PromptTemplate[]>([]);
  readonly models = signal<ModelInfo[]>([]);
  readonly status = signal<Status | null>(null);
  readonly storageUsed = signal<string>('');
  readonly language = signal<string>('auto');
  private counter = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(
    private readonly history: Pick<HistoryApi, 'exportAll' | 'importText'>,
    private readonly platform: Pick<Platform, 'download'>,
  ) {}

  async init(): Promise<void> {
    this.applySettings(await loadSettings());
    this.templates.value = await loadTemplates();
    this.disposers.push(watchSettings((s) => this.applySettings(s)));
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && TEMPLATES_KEY in changes) void loadTemplates().then((list) => (this.templates.value = list));
    };
    browser.storage.onChanged.addListener(onChanged);
    this.disposers.push(() => browser.storage.onChanged.removeListener(onChanged));
    this.requestModels();
    await this.refreshStorage();
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private applySettings(settings: Settings): void {
    this.settings.value = settings;
    void applyLanguage(settings.language).then(() => (this.language.value = settings.language));
  }

  /** The model list comes from the background over the chat port (options.html is an allowed sender). */
  private requestModels(): void {
    try {
      const port = browser.runtime.connect({ name: CHAT_PORT });
      port.onMessage.addListener((raw: unknown) => {
        const message = raw as ServerMessage;
        if (message?.type === 'models-listed') {
          this.models.value = message.models;
          port.disconnect();
        }
      });
      port.postMessage({ type: 'models-list' } satisfies ClientMessage);
    } catch {
      // No list: the current model id still shows.
    }
  }

  private say(text: string, error = false): void {
    this.status.value = { id: ++this.counter, text, error };
  }

  async saveSetting(patch: Partial<Settings>): Promise<void> {
    try {
      this.applySettings(await saveSettings(patch));
      this.say(t('optionsSaved'));
    } catch (error) {
      this.say(t('optionsSaveFailed', String((error as Error)?.message ?? error)), true);
    }
  }

  // ---- templates ---------------------------------------------------------------------------

  async saveTemplateList(list: PromptTemplate[]): Promise<boolean> {
    try {
      this.templates.value = await saveTemplates(list);
      this.say(t('optionsSaved'));
      return true;
    } catch (error) {
      this.say(t('optionsSaveFailed', String((error as Error)?.message ?? error)), true);
      return false;
    }
  }

  /** Replaces (or appends) one template; false when it lacks a title or a prompt. */
  async putTemplate(template: PromptTemplate): Promise<boolean> {
    if (!template.prompt.trim() || (!template.title.trim() && !template.builtin)) {
      this.say(t('optionsTemplateInvalid'), true);
      return false;
    }
    const list = this.templates.peek();
    const index = list.findIndex((x) => x.id === template.id);
    const next = index >= 0 ? list.map((x) => (x.id === template.id ? template : x)) : [...list, template];
    return this.saveTemplateList(next);
  }

  newTemplate(): PromptTemplate {
    return { id: newTemplateId(), title: t('optionsTemplateNewTitle'), prompt: t('optionsTemplateNewPrompt') };
  }

  async moveTemplate(id: string, delta: -1 | 1): Promise<void> {
    const list = [...this.templates.peek()];
    const from = list.findIndex((x) => x.id === id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= list.length) return;
    [list[from], list[to]] = [list[to], list[from]];
    await this.saveTemplateList(list);
  }

  async deleteTemplate(id: string): Promise<void> {
    await this.saveTemplateList(this.templates.peek().filter((x) => x.id !== id));
  }

  async resetTemplates(): Promise<void> {
    this.templates.value = await resetTemplates();
    this.say(t('optionsSaved'));
  }

  // ---- data --------------------------------------------------------------------------------

  async refreshStorage(): Promise<void> {
    try {
      const estimate = await navigator.storage.estimate();
      this.storageUsed.value = t('optionsStorageUsed', formatBytes(estimate.usage ?? 0), formatBytes(estimate.quota ?? 0));
    } catch {
      this.storageUsed.value = t('optionsStorageUnknown');
    }
  }

  async exportAll(): Promise<void> {
    try {
      const date = new Date().toISOString().slice(0, 10);
      this.platform.download(`flarechat-${date}.json`, await this.history.exportAll(), 'application/json');
    } catch (error) {
      this.say(t('errorHistoryAction', String((error as Error)?.message ?? error)), true);
    }
  }

  /** `file`: the text, or its read (readImportFile refuses an oversized file before reading it). */
  async importText(file: string | Promise<string>): Promise<void> {
    try {
      const result = await this.history.importText(await file);
      this.say(t('toastImported', result.conversations));
      await this.refreshStorage();
    } catch (error) {
      this.say(t('errorImport', String((error as Error)?.message ?? error)), true);
    }
  }

  /** Conversations, settings, templates and the popup's memory. */
  async deleteAll(): Promise<void> {
    try {
      await deleteAllData();
      await browser.storage.local.remove([SETTINGS_KEY, TEMPLATES_KEY, POPUP_CONVERSATION_KEY]);
      this.applySettings(await loadSettings());
      this.templates.value = await loadTemplates();
      this.say(t('optionsDeleted'));
      await this.refreshStorage();
    } catch (error) {
      this.say(t('errorHistoryAction', String((error as Error)?.message ?? error)), true);
    }
  }

  permissions(): PermissionRow[] {
    try {
      return permissionRows(browser.runtime.getManifest());
    } catch {
      return [];
    }
  }
}
