// Public API of the storage layer. Import from '@/lib/background/storage'. The records and settings
// it stores are wire shapes: import them from lib/protocol (records.ts, settings.ts).
export { StorageError, isStorageError, type StorageErrorKind } from './errors';
export { openDb, closeDb, DB_NAME, DB_VERSION } from './db';
export {
  createConversation,
  getConversation,
  listConversations,
  renameConversation,
  setPinned,
  updateConversationSettings,
  deleteConversation,
  undoDelete,
  purgeDeleted,
  deleteAllData,
  type NewConversation,
  type ListCursor,
  type ListOptions,
  type UndoToken,
} from './conversations';
export {
  listMessages,
  getMessage,
  nextSeq,
  putMessage,
  updateMessage,
  deleteMessagesAfter,
  selectVersion,
  findMessagesByStatus,
  type MessagePatch,
} from './messages';
export { searchConversations, type SearchResult } from './search';
export type { Snippet } from './text';
export {
  loadSettings,
  saveSettings,
  watchSettings,
  migrateSettings,
  sanitizeSettings,
  MIGRATIONS,
  SETTINGS_KEY,
} from './settings';
export { LEGACY_COMPARE_KEY } from './legacy-compare';
export { exportConversationJson, exportAll, exportAllInParts, EXPORT_FORMAT, EXPORT_VERSION, type ExportFile, type ExportedConversation } from './export-import';
export { exportConversationMarkdown } from './export-import-markdown';
export { parseImport, parseImportInSlices, type ParseResult } from './export-import-schema';
export { importData, type ConflictPolicy, type ImportSummary } from './export-import-apply';
export type { ConversationSettings } from './validate';
