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
export {
  exportConversationMarkdown,
  exportConversationJson,
  exportAll,
  parseImport,
  importData,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  MAX_IMPORT_BYTES,
  type ExportFile,
  type ExportedConversation,
  type ParseResult,
  type ConflictPolicy,
  type ImportSummary,
} from './export-import';
export type { ConversationSettings } from './validate';
