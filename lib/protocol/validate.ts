// Runtime validation of everything a UI surface sends. The background never trusts the shape of
// an incoming message: a malformed one is answered with `request-rejected` and otherwise ignored.
import type { ChatOptions, ClientMessage } from './messages';

export type Validation = { ok: true; message: ClientMessage } | { ok: false; error: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Long enough for a pasted article plus the question; the engine caps page context separately. */
export const MAX_PROMPT_CHARS = 200_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);

function checkOptions(v: unknown): string | null {
  if (v === undefined) return null;
  if (!isObj(v)) return 'options must be an object';
  const o = v as ChatOptions & Obj;
  for (const key of Object.keys(o)) {
    if (!['model', 'system', 'temperature', 'maxTokens'].includes(key)) return `unknown option ${key}`;
  }
  if (o.model !== undefined && (typeof o.model !== 'string' || o.model.length > 200)) return 'bad model';
  if (o.system !== undefined && (typeof o.system !== 'string' || o.system.length > 20_000)) return 'bad system prompt';
  if (o.temperature !== undefined && (typeof o.temperature !== 'number' || !(o.temperature >= 0 && o.temperature <= 2)))
    return 'temperature must be between 0 and 2';
  if (o.maxTokens !== undefined && (!Number.isInteger(o.maxTokens) || o.maxTokens < 1 || o.maxTokens > 65_536))
    return 'maxTokens must be a positive integer';
  return null;
}

function checkText(v: unknown): string | null {
  if (typeof v !== 'string') return 'text must be a string';
  if (v.trim() === '') return 'text is empty';
  if (v.length > MAX_PROMPT_CHARS) return `text is longer than ${MAX_PROMPT_CHARS} characters`;
  return null;
}

/** Field checks per message type: each returns an error string or null. */
const RULES: { [K in ClientMessage['type']]: (m: Obj) => string | null } = {
  'conversation-subscribe': (m) => (isId(m.conversationId) ? null : 'bad conversationId'),
  'conversation-unsubscribe': (m) => (isId(m.conversationId) ? null : 'bad conversationId'),
  'chat-start': (m) =>
    !isId(m.requestId)
      ? 'bad requestId'
      : m.conversationId !== undefined && !isId(m.conversationId)
        ? 'bad conversationId'
        : (checkText(m.text) ?? checkOptions(m.options)),
  'chat-regenerate': (m) =>
    !isId(m.requestId) || !isId(m.conversationId) || !isId(m.messageId) ? 'bad ids' : checkOptions(m.options),
  'chat-edit': (m) =>
    !isId(m.requestId) || !isId(m.conversationId) || !isId(m.messageId)
      ? 'bad ids'
      : (checkText(m.text) ?? checkOptions(m.options)),
  'chat-continue': (m) => (!isId(m.requestId) || !isId(m.conversationId) || !isId(m.messageId) ? 'bad ids' : null),
  'chat-stop': (m) =>
    !isId(m.conversationId) ? 'bad conversationId' : m.messageId !== undefined && !isId(m.messageId) ? 'bad messageId' : null,
  'challenge-verify': (m) => (isId(m.conversationId) && isId(m.messageId) ? null : 'bad ids'),
  'network-online': () => null,
  'models-list': (m) => (m.refresh === undefined || typeof m.refresh === 'boolean' ? null : 'bad refresh flag'),
};

export function validateClientMessage(raw: unknown): Validation {
  if (!isObj(raw)) return { ok: false, error: 'message must be an object' };
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(RULES, type)) return { ok: false, error: `unknown message type` };
  const error = RULES[type as ClientMessage['type']](raw);
  return error ? { ok: false, error } : { ok: true, message: raw as unknown as ClientMessage };
}
