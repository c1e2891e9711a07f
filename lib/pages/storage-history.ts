// HistoryApi backed by lib/background/storage (IndexedDB + storage.local settings). Extension pages share the
// extension's IndexedDB, so the panel reads history directly; generation state comes over the port.
import {
  deleteConversation,
  exportAll,
  exportConversationJson,
  exportConversationMarkdown,
  getConversation,
  importData,
  listConversations,
  listMessages,
  loadSettings,
  parseImport,
  renameConversation,
  saveSettings,
  searchConversations,
  setPinned,
  undoDelete,
  updateConversationSettings,
  watchSettings,
  type Settings,
} from '@/lib/background/storage';
import type { Conversation } from '@/lib/protocol/records';
import { settingsToUi as toUi, type HistoryApi, type UiSettings } from './history';


function fromUi(patch: UiSettings): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (patch.model !== undefined) out.defaultModel = patch.model;
  if (patch.systemPrompt !== undefined) out.systemPrompt = patch.systemPrompt;
  if (patch.temperature !== undefined) out.temperature = patch.temperature;
  if (patch.maxTokens !== undefined) out.maxTokens = patch.maxTokens;
  if (patch.theme !== undefined) out.theme = patch.theme;
  if (patch.language !== undefined) out.language = patch.language;
  return out;
}

async function requireConversation(id: string): Promise<Conversation> {
  const conversation = await getConversation(id);
  if (!conversation) throw new Error('The conversation no longer exists.');
  return conversation;
}

export const storageHistory: HistoryApi = {
  list: (limit) => listConversations({ limit }),
  async search(query, limit) {
    const results = await searchConversations(query, limit);
    // Show where it matched instead of the last message.
    return results.map(({ conversation, snippet }) => (snippet ? { ...conversation, preview: snippet.text } : conversation));
  },
  async rename(id, title) {
    await renameConversation(id, title);
  },
  async setPinned(id, pinned) {
    await setPinned(id, pinned);
  },
  async remove(id) {
    await deleteConversation(id);
  },
  async undoRemove(id) {
    await undoDelete(id);
  },
  async updateSettings(id, patch) {
    await updateConversationSettings(id, patch);
  },
  async exportMarkdown(id) {
    return exportConversationMarkdown(await requireConversation(id), await listMessages(id));
  },
  async exportJson(id) {
    return exportConversationJson(await requireConversation(id), await listMessages(id));
  },
  async exportAll() {
    return JSON.stringify(await exportAll(), null, 2);
  },
  async importText(text) {
    const parsed = parseImport(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const summary = await importData(parsed.data, { onConflict: 'copy' });
    return { conversations: summary.imported + summary.replaced };
  },
  async loadSettings() {
    return toUi(await loadSettings());
  },
  async saveSettings(patch) {
    await saveSettings(fromUi(patch));
  },
  watchSettings(listener) {
    return watchSettings((settings) => listener(toUi(settings)));
  },
};
