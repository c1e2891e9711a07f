// The chat port between the UI surfaces (side panel, popup, options) and the background.
// Discriminated unions with noun-verb `type`s. Every stream frame carries conversationId,
// requestId and seq so a surface can re-attach, replay and drop duplicates.
// UI → background messages are valibot schemas (one per message, strict: unknown keys are
// rejected) and their types are inferred from them; lib/protocol/validate.ts checks them.
import * as v from 'valibot';
import type { ErrorCode } from '@/lib/shared/errors';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import type { ModelInfo, ModelSource } from '@/lib/shared/models';
import type { Conversation, DocumentProgress, Message } from '@/lib/protocol/records';
import type { MessageVersions } from './branches';
import { portId, promptText } from './fields';
import { COMPARE_MAX_MODELS, COMPARE_MIN_MODELS } from './compare';

/** Per-turn overrides chosen in the UI; unset fields fall back to conversation then settings. */
export const chatOptionsSchema = v.strictObject(
  {
    model: v.optional(modelIdSchema('bad model')),
    system: v.optional(systemPromptSchema('bad system prompt')),
    temperature: v.optional(temperatureSchema()),
    maxTokens: v.optional(maxTokensSchema()),
  },
  'options must be an object with only model, system, temperature and maxTokens',
);
export type ChatOptions = v.InferOutput<typeof chatOptionsSchema>;

// ---- UI → background -------------------------------------------------------------------------

const requestId = portId('requestId');
const conversationId = portId('conversationId');
const messageId = portId('messageId');
const options = v.optional(chatOptionsSchema);

/** One schema per message. `v.strictObject`: a key the protocol does not know is an error. */
export const clientMessageSchemas = {
  /** Replay the conversation (stored messages + the live answer so far), then stream live frames. */
  'conversation-subscribe': v.strictObject({ type: v.literal('conversation-subscribe'), conversationId }),
  'conversation-unsubscribe': v.strictObject({ type: v.literal('conversation-unsubscribe'), conversationId }),
  /** A new user turn. No conversationId: the background creates the conversation. */
  'chat-start': v.strictObject({ type: v.literal('chat-start'), requestId, conversationId: v.optional(conversationId), text: promptText, options }),
  /** Answer again: a new version of this assistant message (an empty failed one is retried in place). */
  'chat-regenerate': v.strictObject({
    type: v.literal('chat-regenerate'),
    requestId,
    conversationId,
    messageId,
    options,
    /** "Answer with …" on a failed answer (issue #17): this answer only, the conversation keeps its model. */
    answerWith: v.optional(modelIdSchema('bad model')),
  }),
  /** Edit a user message and resend: a new version of it, answered; the old branch stays. */
  'chat-edit': v.strictObject({ type: v.literal('chat-edit'), requestId, conversationId, messageId, text: promptText, options }),
  /** Continue an interrupted or stopped answer in place. */
  'chat-continue': v.strictObject({ type: v.literal('chat-continue'), requestId, conversationId, messageId }),
  /** Stop the answer being written, or cancel a queued one (messageId picks which). */
  'chat-stop': v.strictObject({ type: v.literal('chat-stop'), conversationId, messageId: v.optional(messageId) }),
  'models-list': v.strictObject({ type: v.literal('models-list'), refresh: v.optional(v.boolean('bad refresh flag')) }),
  /**
   * The user is writing a prompt in this conversation (none: a new chat). The background may open
   * and configure its socket now (issue #16: warm-up, lib/background/warm-up.ts); never a model request.
   */
  'composer-typing': v.strictObject({ type: v.literal('composer-typing'), conversationId: v.optional(conversationId) }),
  /** "Open the playground to verify": open or focus a playground tab, retry this answer once it passes. */
  'challenge-verify': v.strictObject({ type: v.literal('challenge-verify'), conversationId, messageId }),
  /** The page saw the network come back: send what waits for it. */
  'network-online': v.strictObject({ type: v.literal('network-online') }),
  /** Compare (issue #15): one prompt to 2-3 different models at once, each answer in its own column. */
  'compare-start': v.strictObject({
    type: v.literal('compare-start'),
    requestId,
    conversationId: v.optional(conversationId),
    text: promptText,
    models: v.pipe(
      v.array(modelIdSchema('bad model'), 'models must be a list'),
      v.minLength(COMPARE_MIN_MODELS, `compare needs ${COMPARE_MIN_MODELS} to ${COMPARE_MAX_MODELS} models`),
      v.maxLength(COMPARE_MAX_MODELS, `compare needs ${COMPARE_MIN_MODELS} to ${COMPARE_MAX_MODELS} models`),
      v.check((ids) => new Set(ids).size === ids.length, 'compare needs different models'),
    ),
    options: v.optional(v.strictObject({ system: v.optional(systemPromptSchema('bad system prompt')), temperature: v.optional(temperatureSchema()), maxTokens: v.optional(maxTokensSchema()) }, 'bad compare options')),
  }),
  /** Stop one column (messageId) or every column of a comparison (compareGroup). */
  'compare-stop': v.strictObject({ type: v.literal('compare-stop'), conversationId, messageId: v.optional(messageId), compareGroup: v.optional(portId('compareGroup')) }),
  /** "Continue with this one": the answer becomes the conversation's reply, its model the conversation's model. */
  'compare-choose': v.strictObject({ type: v.literal('compare-choose'), conversationId, messageId }),
  /** Show this version of a message (the "‹ 2/3 ›" switcher, issue #12): answered with a conversation-snapshot. */
  'version-select': v.strictObject({ type: v.literal('version-select'), conversationId, messageId }),
  /** A document too long for the window: answer from its first characters only, not in sections (issue #13). */
  'doc-first': v.strictObject({ type: v.literal('doc-first'), conversationId, messageId }),
} as const;


type ClientSchemas = typeof clientMessageSchemas;
export type ClientMessageType = keyof ClientSchemas;
export type ClientMessage = { [K in ClientMessageType]: v.InferOutput<ClientSchemas[K]> }[ClientMessageType];

// ---- background → UI -------------------------------------------------------------------------

export type WaitReason = 'busy' | 'offline' | 'verification';

/** The answer being generated right now, as far as it has come. */
/**
 * What a streaming answer is doing besides streaming, as the playground reports it (issue #17):
 * the server accepted the turn but has no capacity yet, is recovering it after a restart, or the
 * socket dropped and the client is resuming the same stream. Absent = streaming normally.
 */
export const ANSWER_DETAILS = ['waiting-for-capacity', 'recovering', 'reconnecting'] as const;
export type AnswerDetail = (typeof ANSWER_DETAILS)[number];

export function isAnswerDetail(value: unknown): value is AnswerDetail {
  return typeof value === 'string' && (ANSWER_DETAILS as readonly string[]).includes(value);
}

export interface LiveAnswer {
  requestId: string;
  messageId: string;
  text: string;
  reasoning: string;
  seq: number;
  detail?: AnswerDetail;
}

interface StreamFrame {
  conversationId: string;
  requestId: string;
  messageId: string;
  /** Strictly increasing per requestId, starting at 0 with chat-started. */
  seq: number;
}

/**
 * Frames that carry a conversation's messages carry its visible path only (issue #12), and for each
 * of those messages that has other versions, its place among them (absent = the only version).
 */
export type VersionMap = Record<string, MessageVersions>;

export type ServerMessage =
  | { type: 'conversation-snapshot'; conversation: Conversation; messages: Message[]; live?: LiveAnswer; versions?: VersionMap }
  | { type: 'conversation-updated'; conversation: Conversation }
  | { type: 'conversation-missing'; conversationId: string }
  | (StreamFrame & { type: 'chat-started'; conversation: Conversation; messages: Message[]; versions?: VersionMap })
  | (StreamFrame & { type: 'text-delta'; text: string })
  | (StreamFrame & { type: 'reasoning-delta'; text: string })
  | (StreamFrame & { type: 'chat-end'; message: Message })
  /**
   * The answer is waiting (queued behind another, offline, or for a playground check) or has
   * started after waiting. `retryAt` (epoch ms) when an automatic retry is scheduled.
   * `detail` while streaming: what the playground is doing (waiting for capacity, recovering,
   * reconnecting); a streaming frame without it clears the last one.
   */
  | (StreamFrame & { type: 'chat-status'; status: 'queued' | 'streaming'; reason?: WaitReason; detail?: AnswerDetail; message: Message })
  | (StreamFrame & { type: 'chat-error'; code: ErrorCode; error: string; message: Message; retryAt?: number })
  | { type: 'models-listed'; models: ModelInfo[]; source: ModelSource }
  /** A message that failed validation (or could not be served) is answered with this. */
  | { type: 'request-rejected'; code: 'bad-request' | 'storage'; error: string; requestId?: string }
  /** A long document's map-reduce answer moved on: a section was read, or the combining began (issue #13). */
  | (StreamFrame & { type: 'doc-progress'; document: DocumentProgress });

export type ServerMessageType = ServerMessage['type'];
