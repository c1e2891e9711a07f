// Redaction for everything the connection doctor keeps (issue #14): canary samples, error messages,
// self-test evidence. The rule is an allowlist: a string survives only when it sits under a
// structural key (type, id, code…) AND looks like an identifier. Every other string becomes its
// length, so model output, prompts and page text never reach storage or a bug report, whatever new
// field name a future protocol puts them under. Over-redacting is fine; a leak is not.

// stripUrl/stripUrls live in lib/shared: the options page's bug report uses them too.
import { stripUrls } from '@/lib/shared/strip-urls';
export { stripUrl, stripUrls } from '@/lib/shared/strip-urls';

/** Keys whose identifier-like values describe the protocol, not the conversation. */
const STRUCTURAL_KEYS = new Set([
  'type', 'id', 'event', 'code', 'status', 'finishReason', 'reason', 'role', 'method', 'kind',
  'version', 'task', 'name', 'model', 'property_id', 'unit', 'currency', 'source', 'messageId',
  'toolName', 'toolCallId', 'state', 'mimeType',
]);
/** An identifier, a model id, a frame type: no spaces, short. */
const IDENTIFIER = /^[\w.:/@+-]{1,80}$/;
const MAX_DEPTH = 6;
const MAX_KEYS = 30;
const MAX_ITEMS = 5;

/** `<n chars>`: what a redacted string becomes. */
export function lengthOf(text: string): string {
  return `<${text.length} chars>`;
}

/** Redact a parsed JSON value: structure, numbers and booleans stay; strings become lengths. */
export function redactJson(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') {
    // A JSON document inside a string (an agents frame `body`): redact its structure too.
    const inner = parseJsonText(value);
    if (inner !== undefined && depth < MAX_DEPTH) return JSON.stringify(redactJson(inner, key, depth + 1));
    return STRUCTURAL_KEYS.has(key) && IDENTIFIER.test(value) ? value : lengthOf(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (depth >= MAX_DEPTH) return '<…>';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redactJson(item, key, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`<${value.length - MAX_ITEMS} more>`);
    return items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries.slice(0, MAX_KEYS)) out[safeKey(k)] = redactJson(v, k, depth + 1);
    if (entries.length > MAX_KEYS) out['<more keys>'] = entries.length - MAX_KEYS;
    return out;
  }
  return `<${typeof value}>`;
}

/** Keys are structure, but a key made of free text is text. */
function safeKey(key: string): string {
  return IDENTIFIER.test(key) && key.length <= 40 ? key : lengthOf(key);
}

function parseJsonText(text: string): unknown {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** Any JSON value (an Era B line carries a bare JSON string). */
function parseAnyJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The shape of free text with its content gone: letters → `a`, digits → `9`, other characters kept
 * (so `x:"two words"` → `a:"aaa aaaaa"`). Enough to tell formats apart, never enough to read.
 */
export function textShape(text: string, max = 48): string {
  const head = text.slice(0, max).replace(/\p{L}/gu, 'a').replace(/\p{N}/gu, '9').replace(/[\r\n]/g, '⏎');
  return text.length > max ? `${head}… (${text.length} chars)` : head;
}

/**
 * Redact one raw sample (a frame, a line, an SSE event, a body prefix): JSON anywhere we can find
 * it is redacted structurally; a `code:` or `data:` prefix is kept; anything else keeps only its
 * shape.
 */
export function redactSample(sample: unknown): string {
  if (typeof sample !== 'string') return JSON.stringify(redactJson(sample)) ?? '<none>';
  const json = parseJsonText(sample);
  if (json !== undefined) return JSON.stringify(redactJson(json));
  const prefixed = /^(\s*(?:data:|[0-9a-z]:)\s?)([\s\S]*)$/.exec(sample);
  if (prefixed) {
    const inner = parseAnyJson(prefixed[2]);
    if (inner !== undefined) return `${prefixed[1]}${JSON.stringify(redactJson(inner))}`;
    return `${prefixed[1]}${textShape(prefixed[2])}`;
  }
  return textShape(sample);
}

/**
 * The structure of a sample, for dedup: keys and `type` values, no other values. Two frames of the
 * same future type with different text dedup to one record.
 */
export function shapeOf(sample: unknown): string {
  if (typeof sample !== 'string') return structure(sample, 0);
  const json = parseJsonText(sample);
  if (json !== undefined) return structure(json, 0);
  const match = /^\s*(data:|[0-9a-z]:)\s?([\s\S]*)$/.exec(sample);
  const inner = match ? parseAnyJson(match[2]) : undefined;
  if (match && inner !== undefined) return `${match[1]}${structure(inner, 0)}`;
  return `text:${textShape(sample, 8)}`;
}

function structure(value: unknown, depth: number): string {
  if (depth > 3) return '…';
  if (Array.isArray(value)) return `[${value.length > 0 ? structure(value[0], depth + 1) : ''}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort().slice(0, MAX_KEYS).map((k) => {
      const v = record[k];
      if (k === 'type' && typeof v === 'string' && IDENTIFIER.test(v)) return `type=${v}`;
      if (typeof v === 'string') {
        const inner = parseJsonText(v);
        return inner === undefined ? safeKey(k) : `${safeKey(k)}:${structure(inner, depth + 1)}`;
      }
      return v !== null && typeof v === 'object' ? `${safeKey(k)}:${structure(v, depth + 1)}` : safeKey(k);
    });
    return `{${keys.join(',')}}`;
  }
  return typeof value;
}

/** Quoted passages: a server that quotes input quotes the user's text. */
const QUOTED = /"[^"\n]{1,2000}"|“[^”\n]{1,2000}”|«[^»\n]{1,2000}»|'[^'\n]{3,2000}'|`[^`\n]{1,2000}`/g;
const MAX_MESSAGE_CHARS = 300;

/**
 * A server's error message fit for a bug report: URLs lose their query, quoted passages become their
 * length, and any run of the user's own words (`userTexts`: the prompt, the conversation, page
 * text, known only at the moment the error is recorded) is cut out.
 */
export function redactMessage(message: string, userTexts: readonly string[] = []): string {
  let text = stripUrls(message);
  text = text.replace(QUOTED, (quoted) => `${quoted[0]}${lengthOf(quoted.slice(1, -1))}${quoted[quoted.length - 1]}`);
  text = removeUserWords(text, userTexts);
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}_'-]*/gu;

/** Any word of the message that the user wrote (four letters or more, or any word in a run of two) goes. */
function removeUserWords(message: string, userTexts: readonly string[]): string {
  if (userTexts.length === 0) return message;
  const userWords = new Set<string>();
  for (const text of userTexts) for (const word of text.toLowerCase().match(WORD) ?? []) userWords.add(word);
  const words = [...message.matchAll(WORD)];
  const drop = new Set<number>();
  words.forEach((match, i) => {
    const word = match[0].toLowerCase();
    if (!userWords.has(word)) return;
    const neighbour = [words[i - 1], words[i + 1]].some((m) => m !== undefined && userWords.has(m[0].toLowerCase()));
    if (word.length >= 4 || neighbour) drop.add(i);
  });
  if (drop.size === 0) return message;
  let out = '';
  let last = 0;
  words.forEach((match, i) => {
    if (!drop.has(i)) return;
    out += message.slice(last, match.index) + '…';
    last = match.index + match[0].length;
  });
  return (out + message.slice(last)).replace(/…(\s*…)+/g, '…');
}
