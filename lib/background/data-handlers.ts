// What each data-port request does (lib/protocol/data.ts). The background is the only writer of
// IndexedDB and of the settings/templates keys: the pages ask here (issue #10).
import type { ClearServerCopy } from './server-copies';
import { browser } from 'wxt/browser';
import type { DataRequest, DataRequestType, DataResults, PanelPlace } from '@/lib/protocol/data';
import {
  deleteAllData,
  deleteConversation,
  exportAllInParts,
  exportConversationJson,
  exportConversationMarkdown,
  getConversation,
  importData,
  listConversations,
  listMessages,
  loadSettings,
  parseImportInSlices,
  renameConversation,
  saveSettings,
  searchConversations,
  setPinned,
  SETTINGS_KEY,
  LEGACY_COMPARE_KEY,
  undoDelete,
  updateConversationSettings,
  type ConversationSettings,
} from '@/lib/background/storage';
import { putHandoff, takeHandoffs, type HandoffArea } from '@/lib/background/surfaces/handoff';
import { loadTemplates, resetTemplates, saveTemplates, TEMPLATES_KEY } from '@/lib/background/surfaces/templates';
import { EXPORT_PART_CHARS } from '@/lib/shared/limits';
import { DOCTOR_HANDLERS, type DoctorHandlerDeps } from './doctor-handlers';
import type { ImportUploads } from './import-uploads';

/** storage.local key of the popup's last quick conversation (it re-attaches to it on open). */
export const POPUP_CONVERSATION_KEY = 'popupConversation';

export interface DataHandlerDeps extends DoctorHandlerDeps {
  /** Stops every running, queued or retry-scheduled answer and waits until none writes any more. */
  stopAllAnswers(): Promise<void>;
  /** Where handoffs live (browser.storage.session). */
  session?: HandoffArea;
  /** Sends cf_agent_chat_clear to one instance; false when unreachable (lib/background/server-copies.ts). */
  clearServerCopy?: ClearServerCopy;
  /** Clears these instances' server copies in the background, queueing what fails (DataPortHost). */
  clearServerCopies?(sessionNames: string[]): void;
  /** The asking port's import uploads (DataPortHost keeps one per port). */
  uploads?: ImportUploads;
}

type Handler<K extends DataRequestType> = (request: Extract<DataRequest, { type: K }>, deps: DataHandlerDeps) => Promise<DataResults[K]>;
type Handlers = { [K in DataRequestType]: Handler<K> };

/** Requests after which an open history list should reload. */
export const CHANGES_HISTORY: ReadonlySet<DataRequestType> = new Set<DataRequestType>([
  'conversation-rename',
  'conversation-pin',
  'conversation-delete',
  'conversation-undo-delete',
  'conversation-settings-update',
  'data-import',
  'data-delete-all',
]);

async function requireConversation(id: string) {
  const conversation = await getConversation(id);
  if (!conversation) throw new Error('The conversation no longer exists.');
  return conversation;
}

/** Wire patch (null clears an override) → storage patch (undefined clears it). */
function conversationPatch(patch: Extract<DataRequest, { type: 'conversation-settings-update' }>['patch']): Partial<ConversationSettings> {
  const out: Partial<ConversationSettings> = {};
  for (const [key, value] of Object.entries(patch) as [keyof ConversationSettings, unknown][]) {
    (out as Record<string, unknown>)[key] = value === null ? undefined : value;
  }
  return out;
}

/** storage.session key of the conversation last open in a panel: survives the panel closing, not the browser. */
export function panelConversationKey(place: PanelPlace): string {
  return 'windowId' in place ? `panelConversation:w${place.windowId}` : `panelConversation:t${place.tabId}`;
}

/** At most about 100 progress events per import (each is a port message), plus the last one. */
function importProgress(requestId: string, deps: DataHandlerDeps): (done: number, total: number) => void {
  let sent = 0;
  return (done, total) => {
    if (done < total && done - sent < Math.max(1, total / 100)) return;
    sent = done;
    deps.reply?.({ type: 'import-progress', requestId, done, total });
  };
}

async function importText(text: string, requestId: string, deps: DataHandlerDeps): Promise<{ conversations: number }> {
  const parsed = await parseImportInSlices(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const summary = await importData(parsed.data, { onConflict: 'copy', onProgress: importProgress(requestId, deps) });
  return { conversations: summary.imported + summary.replaced };
}

function needUploads(deps: DataHandlerDeps): ImportUploads {
  if (!deps.uploads) throw new Error('Imports in parts need a data port.');
  return deps.uploads;
}

const session = (deps: DataHandlerDeps): HandoffArea => deps.session ?? browser.storage.session;
const done = () => null;

const HANDLERS: Handlers = {
  'history-list': (r) => listConversations({ limit: r.limit, before: r.before }),
  'history-search': async (r) =>
    // Show where it matched instead of the last message.
    (await searchConversations(r.query, r.limit)).map(({ conversation, snippet }) => (snippet ? { ...conversation, preview: snippet.text } : conversation)),
  'conversation-get': async (r) => (await getConversation(r.conversationId)) ?? null,
  'conversation-rename': (r) => renameConversation(r.conversationId, r.title).then(done),
  'conversation-pin': (r) => setPinned(r.conversationId, r.pinned).then(done),
  'conversation-delete': (r) => deleteConversation(r.conversationId).then(done),
  'conversation-undo-delete': (r) => undoDelete(r.conversationId).then(done),
  'conversation-settings-update': (r) => updateConversationSettings(r.conversationId, conversationPatch(r.patch)).then(done),
  'export-all': (r, deps) => exportAllInParts(EXPORT_PART_CHARS, (index, text) => deps.reply?.({ type: 'export-part', requestId: r.requestId, index, text })),
  'export-conversation': async (r) => {
    const conversation = await requireConversation(r.conversationId);
    const messages = await listMessages(r.conversationId);
    return r.format === 'markdown' ? exportConversationMarkdown(conversation, messages) : exportConversationJson(conversation, messages);
  },
  'import-part': (r, deps) => Promise.resolve({ received: needUploads(deps).append(r.uploadId, r.index, r.text) }),
  'data-import': (r, deps) => importText(needUploads(deps).take(r.uploadId, r.parts), r.requestId, deps),
  // Stop first: an answer still streaming would otherwise write into (or re-create) what was just cleared.
  'data-delete-all': async (_r, deps) => {
    await deps.stopAllAnswers();
    const sessionNames = await deleteAllData();
    deps.clearServerCopies?.(sessionNames);
    // The legacy Compare choice too: otherwise the next settings read would adopt it again.
    await browser.storage.local.remove([SETTINGS_KEY, TEMPLATES_KEY, POPUP_CONVERSATION_KEY, LEGACY_COMPARE_KEY]);
    return null;
  },
  'settings-get': () => loadSettings(),
  'settings-update': (r) => saveSettings(r.patch),
  'templates-get': () => loadTemplates(),
  'templates-save': (r) => saveTemplates(r.templates),
  'templates-reset': () => resetTemplates(),
  'handoff-take': (r, deps) => takeHandoffs(session(deps), r.target),
  'handoff-open-conversation': (r, deps) =>
    putHandoff(session(deps), { kind: 'open-conversation', conversationId: r.conversationId, windowId: r.windowId }).then(done),
  'popup-conversation-get': async () => {
    const stored = (await browser.storage.local.get(POPUP_CONVERSATION_KEY))[POPUP_CONVERSATION_KEY];
    return typeof stored === 'string' ? stored : null;
  },
  'popup-conversation-set': (r) =>
    (r.conversationId === null ? browser.storage.local.remove(POPUP_CONVERSATION_KEY) : browser.storage.local.set({ [POPUP_CONVERSATION_KEY]: r.conversationId })).then(done),
  'handoff-compare': (r, deps) =>
    putHandoff(session(deps), { kind: 'compare', text: r.text, windowId: r.windowId, ...(r.conversationId ? { conversationId: r.conversationId } : {}) }).then(done),
  ...DOCTOR_HANDLERS,
  'panel-conversation-get': async (r, deps) => {
    const key = panelConversationKey(r.place);
    const stored = (await session(deps).get(key))[key];
    return typeof stored === 'string' ? stored : null;
  },
  'panel-conversation-set': (r, deps) => {
    const key = panelConversationKey(r.place);
    return (r.conversationId === null ? session(deps).remove(key) : session(deps).set({ [key]: r.conversationId })).then(done);
  },
};

export function handleDataRequest<K extends DataRequestType>(request: Extract<DataRequest, { type: K }>, deps: DataHandlerDeps): Promise<DataResults[K]> {
  return (HANDLERS[request.type] as Handler<K>)(request, deps);
}
