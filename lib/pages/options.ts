// The options page's state and actions (issue #4): defaults, templates, language, data, about.
// Every change is saved by the background (data port) at once; the panel, popup and menus follow
// through its pushed events, so nothing needs a reload.
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { applyLanguage, t } from '@/lib/shared/i18n';
import type { ModelInfo } from '@/lib/shared/models';
import { type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import { CHAT_PORT } from '@/lib/protocol/ports';
import type { SettingsPatch } from '@/lib/protocol/data';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/protocol/settings';
import { newTemplateId, type PromptTemplate } from '@/lib/protocol/templates';
import type { DataClient } from './data-client';
import type { HistoryApi } from './history';
import type { Platform } from './platform';
import { PortConnection, type PortConnectionOptions } from './port-connection';

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
  /** The import being written (issue #16): drawn as a <progress>; null when no import runs. */
  readonly importProgress = signal<{ done: number; total: number } | null>(null);
  readonly language = signal<string>('auto');
  private counter = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(
    private readonly data: DataClient,
    private readonly history: Pick<HistoryApi, 'exportAll' | 'importText'>,
    private readonly platform: Pick<Platform, 'download'>,
    private readonly portOptions: Omit<PortConnectionOptions, 'backoff'> = {},
  ) {
    portOptions.signal?.addEventListener('abort', () => this.dispose(), { once: true });
  }

  async init(): Promise<void> {
    this.disposers.push(
      this.data.on((event) => {
        if (event.type === 'settings-changed') this.applySettings(event.settings);
        if (event.type === 'templates-changed') this.templates.value = event.templates;
      }),
    );
    this.requestModels();
    try {
      this.applySettings(await this.data.request('settings-get'));
      this.templates.value = await this.data.request('templates-get');
    } catch (error) {
      this.say(t('errorHistoryAction', String((error as Error)?.message ?? error)), true);
    }
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
    const chat: PortConnection<ClientMessage> = new PortConnection<ClientMessage>(
      CHAT_PORT,
      {
        opened: (port) => port.postMessage({ type: 'models-list' } satisfies ClientMessage),
        message: (raw) => {
          const message = raw as ServerMessage;
          if (message?.type !== 'models-listed') return;
          this.models.value = message.models;
          chat.close();
        },
        dropped: () => undefined,
      },
      this.portOptions,
    );
    chat.start();
    this.disposers.push(() => chat.close());
  }

  private say(text: string, error = false): void {
    this.status.value = { id: ++this.counter, text, error };
  }

  async saveSetting(patch: SettingsPatch): Promise<void> {
    try {
      this.applySettings(await this.data.request('settings-update', { patch }));
      this.say(t('optionsSaved'));
    } catch (error) {
      this.say(t('optionsSaveFailed', String((error as Error)?.message ?? error)), true);
    }
  }

  // ---- templates ---------------------------------------------------------------------------

  async saveTemplateList(list: PromptTemplate[]): Promise<boolean> {
    try {
      this.templates.value = await this.data.request('templates-save', { templates: list });
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
    try {
      this.templates.value = await this.data.request('templates-reset');
      this.say(t('optionsSaved'));
    } catch (error) {
      this.say(t('optionsSaveFailed', String((error as Error)?.message ?? error)), true);
    }
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
      const text = await file;
      this.importProgress.value = { done: 0, total: 0 };
      const result = await this.history.importText(text, (done, total) => (this.importProgress.value = { done, total }));
      this.say(t('toastImported', result.conversations));
      await this.refreshStorage();
    } catch (error) {
      this.say(t('errorImport', String((error as Error)?.message ?? error)), true);
    } finally {
      this.importProgress.value = null;
    }
  }

  /** Conversations, settings, templates and the popup's memory; the background stops every answer first. */
  async deleteAll(): Promise<void> {
    try {
      await this.data.request('data-delete-all');
      this.applySettings(await this.data.request('settings-get'));
      this.templates.value = await this.data.request('templates-get');
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
