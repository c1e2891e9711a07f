// What the side panel needs from the history (kept by the background). Components and the chat
// store talk to this interface only, so tests can hand in an in-memory fake; the pages use the one
// adapter over the data port (lib/pages/port-history.ts).
import type { Settings } from '@/lib/protocol/settings';
import type { Conversation } from '@/lib/protocol/records';
import type { ListCursor } from '@/lib/protocol/data';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type LanguageSetting = 'auto' | 'en' | 'ru';

/** The global settings the panel reads and writes. */
export interface UiSettings {
  model?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  theme?: ThemeSetting;
  language?: LanguageSetting;
  /** The models last chosen for Compare (issue #15; lib/pages/compare.ts). */
  compareModels?: string[];
}

export type ConversationSettingsPatch = Partial<Pick<Conversation, 'model' | 'systemPrompt' | 'temperature' | 'maxTokens'>>;

export interface ImportResult {
  conversations: number;
}

/** Conversations shown per page of the history list (and loaded ahead, to know if more exist). */
export const HISTORY_PAGE_SIZE = 50;

export interface HistoryApi {
  /** `limit` conversations, pinned first, then by recency (read through the index); after `before` when given (the next page). */
  list(limit: number, before?: ListCursor): Promise<Conversation[]>;
  search(query: string, limit: number): Promise<Conversation[]>;
  rename(id: string, title: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  /** Soft delete; undone by undoRemove. */
  remove(id: string): Promise<void>;
  undoRemove(id: string): Promise<void>;
  updateSettings(id: string, patch: ConversationSettingsPatch): Promise<void>;
  exportMarkdown(id: string): Promise<string>;
  exportJson(id: string): Promise<string>;
  /** Every conversation as the import file (a Blob: built part by part as it arrives). */
  exportAll(): Promise<Blob>;
  /** Parses and imports; throws an Error with a human message on bad input. `onProgress`: conversations written so far. */
  importText(text: string, onProgress?: (done: number, total: number) => void): Promise<ImportResult>;
  loadSettings(): Promise<UiSettings>;
  saveSettings(patch: UiSettings): Promise<void>;
  /** Returns an unsubscribe function. */
  watchSettings(listener: (settings: UiSettings) => void): () => void;
  /** Another page changed the history (renamed, deleted, imported…). Returns an unsubscribe function. */
  watchHistory?(listener: () => void): () => void;
}

/** A history that holds nothing: the panel still chats when IndexedDB is unavailable. */
export function emptyHistory(): HistoryApi {
  let settings: UiSettings = {};
  return {
    list: () => Promise.resolve([]),
    search: () => Promise.resolve([]),
    rename: () => Promise.resolve(),
    setPinned: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    undoRemove: () => Promise.resolve(),
    updateSettings: () => Promise.resolve(),
    exportMarkdown: () => Promise.resolve(''),
    exportJson: () => Promise.resolve('{}'),
    exportAll: () => Promise.resolve(new Blob(['{}'])),
    importText: () => Promise.reject(new Error('History is unavailable')),
    loadSettings: () => Promise.resolve(settings),
    saveSettings: (patch) => {
      settings = { ...settings, ...patch };
      return Promise.resolve();
    },
    watchSettings: () => () => undefined,
  };
}

/** Stored settings as the UI sees them (shared by the panel's and the popup's history adapters). */
export function settingsToUi(settings: Settings): UiSettings {
  return {
    model: settings.defaultModel,
    systemPrompt: settings.systemPrompt || undefined,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    theme: settings.theme,
    language: settings.language,
    compareModels: settings.compareModels,
  };
}
