// The data port: the pages' only way to history, settings, templates and handoffs (issue #10).
// Requests carry a requestId and get exactly one `data-result` or `data-error` back; the
// background also pushes events (`settings-changed`, `history-changed`, …) so open pages stay current.
// One valibot schema per request (strict: unknown keys are rejected), checked by the router.
import * as v from 'valibot';
import type { Handoff } from './handoff';
import type { Conversation } from './records';
import { LANGUAGES, THEMES, type Settings } from './settings';
import { COMPARE_MAX_MODELS } from './compare';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import {
  LIST_LIMIT_MAX,
  IMPORT_PART_CHARS,
  MAX_IMPORT_PARTS,
  MAX_TEMPLATES,
  MODEL_ID_MAX_CHARS,
  SEARCH_QUERY_MAX_CHARS,
  TEMPLATE_PROMPT_MAX,
  TEMPLATE_TITLE_MAX,
  TITLE_INPUT_MAX_CHARS,
} from '@/lib/shared/limits';
import { portId, promptText } from './fields';
import type { PromptTemplate } from './templates';
import { DOCTOR_REQUESTS, type DoctorEvent, type DoctorResults } from './doctor-requests';

// The same field schemas and limits as the chat port, storage and import (lib/shared/limits.ts):
// a value this port accepts is never refused further in.
const ID = portId('id');
const MODEL_ID = modelIdSchema(`The model must be a model id (at most ${MODEL_ID_MAX_CHARS} characters, no spaces).`);
const SYSTEM_PROMPT = systemPromptSchema();
const TEMPERATURE = temperatureSchema();
const MAX_TOKENS = maxTokensSchema();
const LIMIT = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIST_LIMIT_MAX));
/** The last conversation of the previous page: the history list reads the page after it (keyset paging, issue #16). */
export const ListCursorSchema = v.strictObject({ pinned: v.boolean(), updatedAt: v.pipe(v.number(), v.finite()), id: ID });
export type ListCursor = v.InferOutput<typeof ListCursorSchema>;

/** Conversation overrides: null clears one (JSON drops `undefined`, so it cannot mean "clear"). */
export const ConversationPatchSchema = v.strictObject({
  model: v.optional(v.nullable(MODEL_ID)),
  systemPrompt: v.optional(v.nullable(SYSTEM_PROMPT)),
  temperature: v.optional(v.nullable(TEMPERATURE)),
  maxTokens: v.optional(v.nullable(MAX_TOKENS)),
});
export type ConversationPatch = v.InferOutput<typeof ConversationPatchSchema>;

export const SettingsPatchSchema = v.strictObject({
  defaultModel: v.optional(MODEL_ID),
  systemPrompt: v.optional(SYSTEM_PROMPT),
  maxTokens: v.optional(MAX_TOKENS),
  temperature: v.optional(TEMPERATURE),
  language: v.optional(v.picklist(LANGUAGES)),
  theme: v.optional(v.picklist(THEMES)),
  autoFailover: v.optional(v.boolean()),
  modelTitles: v.optional(v.boolean()),
  compareModels: v.optional(v.pipe(v.array(MODEL_ID), v.maxLength(COMPARE_MAX_MODELS, `Compare takes at most ${COMPARE_MAX_MODELS} models.`))),
});
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;

const TemplateSchema = v.strictObject({
  id: ID,
  title: v.pipe(v.string(), v.maxLength(TEMPLATE_TITLE_MAX)),
  prompt: v.pipe(v.string(), v.maxLength(TEMPLATE_PROMPT_MAX)),
  model: v.optional(MODEL_ID),
  system: v.optional(SYSTEM_PROMPT),
  builtin: v.optional(v.picklist(['summarize', 'explain', 'translate'])),
});

const TargetSchema = v.union([v.strictObject({ windowId: v.pipe(v.number(), v.integer()) }), v.strictObject({ handoffId: ID })]);

/** Where a panel page lives: its window (the side panel) or its tab (sidepanel.html in a tab). */
const PlaceSchema = v.union([v.strictObject({ windowId: v.pipe(v.number(), v.integer()) }), v.strictObject({ tabId: v.pipe(v.number(), v.integer()) })]);
export type PanelPlace = v.InferOutput<typeof PlaceSchema>;

const request = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ type: v.literal(type), requestId: ID, ...entries });

export const DataRequestSchema = v.variant('type', [
  request('history-list', { limit: LIMIT, before: v.optional(ListCursorSchema) }),
  request('history-search', { query: v.pipe(v.string(), v.maxLength(SEARCH_QUERY_MAX_CHARS)), limit: LIMIT }),
  request('conversation-get', { conversationId: ID }),
  request('conversation-rename', { conversationId: ID, title: v.pipe(v.string(), v.minLength(1), v.maxLength(TITLE_INPUT_MAX_CHARS)) }),
  request('conversation-pin', { conversationId: ID, pinned: v.boolean() }),
  request('conversation-delete', { conversationId: ID }),
  request('conversation-undo-delete', { conversationId: ID }),
  request('conversation-settings-update', { conversationId: ID, patch: ConversationPatchSchema }),
  request('export-all', {}),
  request('export-conversation', { conversationId: ID, format: v.picklist(['markdown', 'json']) }),
  /** An import file arrives in order, part by part (IMPORT_PART_CHARS each), then data-import imports the whole of it. */
  request('import-part', {
    uploadId: ID,
    index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_IMPORT_PARTS - 1)),
    text: v.pipe(v.string(), v.maxLength(IMPORT_PART_CHARS)),
  }),
  request('data-import', { uploadId: ID, parts: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_IMPORT_PARTS)) }),
  request('data-delete-all', {}),
  request('settings-get', {}),
  request('settings-update', { patch: SettingsPatchSchema }),
  request('templates-get', {}),
  request('templates-save', { templates: v.pipe(v.array(TemplateSchema), v.maxLength(MAX_TEMPLATES)) }),
  request('templates-reset', {}),
  request('handoff-take', { target: TargetSchema }),
  /** "Continue in side panel" from the popup: the panel opens this conversation. */
  request('handoff-open-conversation', { conversationId: ID, windowId: v.optional(v.pipe(v.number(), v.integer())) }),
  /** The popup's last quick conversation (it re-attaches on the next open). */
  request('popup-conversation-get', {}),
  /** null: the user chose New in the popup, its next open starts empty. */
  request('popup-conversation-set', { conversationId: v.nullable(ID) }),
  /** The popup's Compare (issue #15): the panel, opened in the click, compares the remembered models on this prompt. */
  request('handoff-compare', { text: promptText, conversationId: v.optional(ID), windowId: v.optional(v.pipe(v.number(), v.integer())) }),
  // issue #14: the Connection doctor (lib/protocol/doctor-requests.ts).
  ...DOCTOR_REQUESTS,
  /** The conversation last open in a side panel (per window) or panel tab (per tab): reopened on the next open (issue #12). */
  request('panel-conversation-get', { place: PlaceSchema }),
  /** null: the user chose New chat, the next open starts empty. */
  request('panel-conversation-set', { place: PlaceSchema, conversationId: v.nullable(ID) }),
]);

export type DataRequest = v.InferOutput<typeof DataRequestSchema>;
export type DataRequestType = DataRequest['type'];

/** What each request resolves to. */
export interface DataResults extends DoctorResults {
  'history-list': Conversation[];
  /** Search results; `preview` holds the matching snippet. */
  'history-search': Conversation[];
  'conversation-get': Conversation | null;
  'conversation-rename': null;
  'conversation-pin': null;
  'conversation-delete': null;
  'conversation-undo-delete': null;
  'conversation-settings-update': null;
  /** The file itself came before as export-part events; these let the page check it has all of it. */
  'export-all': { parts: number; chars: number };
  'export-conversation': string;
  /** How many characters of the upload arrived so far. */
  'import-part': { received: number };
  'data-import': { conversations: number };
  'data-delete-all': null;
  'settings-get': Settings;
  'settings-update': Settings;
  'templates-get': PromptTemplate[];
  'templates-save': PromptTemplate[];
  'templates-reset': PromptTemplate[];
  'handoff-take': Handoff[];
  'handoff-open-conversation': null;
  'popup-conversation-get': string | null;
  'popup-conversation-set': null;
  'handoff-compare': null;
  'panel-conversation-get': string | null;
  'panel-conversation-set': null;
}

export type DataServerMessage =
  | { [K in DataRequestType]: { type: 'data-result'; requestId: string; request: K; result: DataResults[K] } }[DataRequestType]
  /** The request was valid but failed (storage error, bad import file): `error` is for the user. */
  | { type: 'data-error'; requestId: string; error: string }
  /** The request failed validation. */
  | { type: 'request-rejected'; code: 'bad-request'; error: string; requestId?: string }
  | { type: 'settings-changed'; settings: Settings }
  | { type: 'templates-changed'; templates: PromptTemplate[] }
  /** Conversations were added, renamed, deleted, imported… an open history list reloads. */
  | { type: 'history-changed' }
  /** A handoff was written: the panel asks for its own with `handoff-take`. */
  | { type: 'handoffs-changed' }
  | DoctorEvent
  /** data-import is writing: `done` of `total` conversations (issue #16: the page shows a progress bar). */
  | { type: 'import-progress'; requestId: string; done: number; total: number }
  /** Part `index` of the export-all file (EXPORT_PART_CHARS at most), in order, before the result. */
  | { type: 'export-part'; requestId: string; index: number; text: string };

export type DataEvent = Extract<DataServerMessage, { type: 'settings-changed' | 'templates-changed' | 'history-changed' | 'handoffs-changed' | DoctorEvent['type'] | 'import-progress' | 'export-part' }>;

export type DataValidation = { ok: true; message: DataRequest } | { ok: false; error: string; requestId?: string };

export function validateDataRequest(raw: unknown): DataValidation {
  const result = v.safeParse(DataRequestSchema, raw);
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  const requestId = typeof raw === 'object' && raw !== null && typeof (raw as { requestId?: unknown }).requestId === 'string' ? (raw as { requestId: string }).requestId.slice(0, 64) : undefined;
  return { ok: false, error: path ? `${path}: ${issue.message}` : issue.message, requestId };
}
