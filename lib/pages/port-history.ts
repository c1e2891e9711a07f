// The HistoryApi over the data port: the background reads and writes IndexedDB and the settings;
// the page only asks (issue #10: one writer, and "Delete all" can stop answers first).
import type { ConversationPatch, DataEvent, SettingsPatch } from '@/lib/protocol/data';
import { t } from '@/lib/shared/i18n';
import { textParts } from '@/lib/shared/text-parts';
import { IMPORT_PART_CHARS } from '@/lib/shared/limits';
import type { DataClient } from './data-client';
import { newRequestId } from './ids';
import { settingsToUi as toUi, type ConversationSettingsPatch, type HistoryApi, type UiSettings } from './history';

function fromUi(patch: UiSettings): SettingsPatch {
  const out: SettingsPatch = {};
  if (patch.model !== undefined) out.defaultModel = patch.model;
  if (patch.systemPrompt !== undefined) out.systemPrompt = patch.systemPrompt;
  if (patch.temperature !== undefined) out.temperature = patch.temperature;
  if (patch.maxTokens !== undefined) out.maxTokens = patch.maxTokens;
  if (patch.theme !== undefined) out.theme = patch.theme;
  if (patch.language !== undefined) out.language = patch.language;
  if (patch.compareModels !== undefined) out.compareModels = patch.compareModels;
  return out;
}

/** A present key set to undefined clears the override: on the wire that is null (JSON drops undefined). */
function toWire(patch: ConversationSettingsPatch): ConversationPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) out[key] = value === undefined ? null : value;
  return out;
}

/**
 * An import file goes in parts, each sent when the one before was taken (issue #16): the page
 * serializes one part per task instead of the whole file in one frozen stretch, and a 50 MB file
 * stays under Chrome's 64 MB message limit.
 */
async function importInParts(data: DataClient, text: string, onEvent: (event: DataEvent) => void): Promise<{ conversations: number }> {
  const uploadId = newRequestId();
  // An empty file is one empty part: the background's parser says what is wrong with it.
  const parts = text ? textParts(text, IMPORT_PART_CHARS) : [''];
  for (const [index, part] of parts.entries()) await data.request('import-part', { uploadId, index, text: part });
  return data.requestWithEvents('data-import', { uploadId, parts: parts.length }, onEvent);
}

/**
 * "Export all" arrives in parts (export-part events before the result); each part is added to the
 * file as it comes, so no single task encodes the whole file. The count and length in the result
 * prove nothing was lost on the way.
 */
async function exportInParts(data: DataClient): Promise<Blob> {
  let file = new Blob([]);
  let received = 0;
  let chars = 0;
  const result = await data.requestWithEvents('export-all', {}, (event) => {
    if (event.type !== 'export-part' || event.index !== received) return;
    file = new Blob([file, event.text]);
    received++;
    chars += event.text.length;
  });
  if (received !== result.parts || chars !== result.chars) throw new Error(t('errorExportInterrupted'));
  return file;
}

export function portHistory(data: DataClient): HistoryApi {
  return {
    list: (limit, before) => data.request('history-list', before ? { limit, before } : { limit }),
    search: (query, limit) => data.request('history-search', { query, limit }),
    rename: (conversationId, title) => data.request('conversation-rename', { conversationId, title }).then(() => undefined),
    setPinned: (conversationId, pinned) => data.request('conversation-pin', { conversationId, pinned }).then(() => undefined),
    remove: (conversationId) => data.request('conversation-delete', { conversationId }).then(() => undefined),
    undoRemove: (conversationId) => data.request('conversation-undo-delete', { conversationId }).then(() => undefined),
    updateSettings: (conversationId, patch) => data.request('conversation-settings-update', { conversationId, patch: toWire(patch) }).then(() => undefined),
    exportMarkdown: (conversationId) => data.request('export-conversation', { conversationId, format: 'markdown' }),
    exportJson: (conversationId) => data.request('export-conversation', { conversationId, format: 'json' }),
    exportAll: () => exportInParts(data),
    importText: (text, onProgress) => {
      const progress = (event: DataEvent) => event.type === 'import-progress' && onProgress?.(event.done, event.total);
      return importInParts(data, text, progress);
    },
    loadSettings: async () => toUi(await data.request('settings-get')),
    saveSettings: (patch) => data.request('settings-update', { patch: fromUi(patch) }).then(() => undefined),
    watchSettings: (listener) => data.on((event) => event.type === 'settings-changed' && listener(toUi(event.settings))),
    watchHistory: (listener) => data.on((event) => event.type === 'history-changed' && listener()),
  };
}
