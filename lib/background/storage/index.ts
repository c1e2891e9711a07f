// Public API of the storage layer. Import from '@/lib/background/storage'.
export type { Conversation, Message, MessageRole, MessageStatus, MessageTimings } from '../../protocol/records';
export { DEFAULT_TITLE, MESSAGE_ROLES, MESSAGE_STATUSES, PREVIEW_MAX_CHARS, TITLE_MAX_CHARS } from '../../protocol/records';
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
  DEFAULT_SETTINGS,
  MIGRATIONS,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  LANGUAGES,
  THEMES,
  type Settings,
  type Language,
  type Theme,
} from './settings';
export { exportConversationJson, exportAll, EXPORT_FORMAT, EXPORT_VERSION, type ExportFile, type ExportedConversation } from './export-import';
export { exportConversationMarkdown } from './export-import-markdown';
export { parseImport, type ParseResult } from './export-import-schema';
export { importData, type ConflictPolicy, type ImportSummary } from './export-import-apply';
export { MAX_IMPORT_BYTES } from '@/lib/shared/limits';
export type { ConversationSettings } from './validate';
