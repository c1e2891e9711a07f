// The HistoryApi over the data port: the background reads and writes IndexedDB and the settings;
// the page only asks (issue #10: one writer, and "Delete all" can stop answers first).
import type { ConversationPatch, SettingsPatch } from '@/lib/protocol/data';
import type { DataClient } from './data-client';
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
    exportAll: () => data.request('export-all'),
    // One import at a time per page (the button waits for it), so every import-progress here is ours.
    importText: (text, onProgress) => {
      const off = onProgress ? data.on((event) => event.type === 'import-progress' && onProgress(event.done, event.total)) : () => false;
      return data.request('data-import', { text }).finally(off);
    },
    loadSettings: async () => toUi(await data.request('settings-get')),
    saveSettings: (patch) => data.request('settings-update', { patch: fromUi(patch) }).then(() => undefined),
    watchSettings: (listener) => data.on((event) => event.type === 'settings-changed' && listener(toUi(event.settings))),
    watchHistory: (listener) => data.on((event) => event.type === 'history-changed' && listener()),
  };
}
