// The one set of limits. The port validator, storage, settings, import, templates, handoffs and
// the pages' inputs all read these, so a value one side accepts is never refused by another
// (issue #10: `maxTokens: 10000` passed the port, then failed in storage and left an empty
// conversation behind).

/** Largest answer a conversation or the settings may ask for (the playground's own cap). */
export const MAX_TOKENS_RANGE = { min: 1, max: 8192 } as const;
/** `step` is the UI's input granularity; any finite number in range is accepted. */
export const TEMPERATURE_RANGE = { min: 0, max: 2, step: 0.1 } as const;
export const SYSTEM_PROMPT_MAX_CHARS = 20_000;
/** Model ids ("@cf/meta/…"): non-empty, no whitespace, at most this long. */
export const MODEL_ID_MAX_CHARS = 200;
/** Long enough for a pasted article plus the question; the engine caps page context separately. */
export const MAX_PROMPT_CHARS = 200_000;
/**
 * Page text kept with a message (issue #13): longer than any model's window on purpose, since a
 * document that does not fit is split into sections and answered by map-reduce
 * (lib/background/documents/), never silently cut. What one request sends is capped by the
 * model's window there, not here.
 */
export const PAGE_TEXT_MAX_CHARS = 1_000_000;
/** A message on the chat port: the typed words (≤ MAX_PROMPT_CHARS) plus its data blocks and their tags. */
export const MAX_MESSAGE_CHARS = MAX_PROMPT_CHARS + PAGE_TEXT_MAX_CHARS + 20_000;
/** Ids on the port (request, conversation, message): letters, digits, `_` and `-`. */
export const PORT_ID_MAX_CHARS = 64;

/** Data port requests: conversations listed at once, search text, a title typed in a rename. */
export const LIST_LIMIT_MAX = 10_000;
export const SEARCH_QUERY_MAX_CHARS = 1_000;
export const TITLE_INPUT_MAX_CHARS = 500;

/** Import files: checked (by size) before anything is read. The data port caps the text at the
 * same number of characters (a string never has more characters than UTF-8 bytes). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/**
 * A larger import goes to the background in parts of this many characters (issue #16): a port
 * message is serialized on the sender's main thread, 16 MB in one message froze the options page
 * for ~400 ms (25 ms per MB measured in Chromium), half a MB is about one frame.
 */
export const IMPORT_PART_CHARS = 512 * 1024;
/** Parts of one import: MAX_IMPORT_BYTES / IMPORT_PART_CHARS, rounded up (a cut kept off a surrogate pair may add one). */
export const MAX_IMPORT_PARTS = Math.ceil(MAX_IMPORT_BYTES / IMPORT_PART_CHARS) + 1;
/**
 * "Export all" comes back in parts of this many characters, for the same reason, and because a
 * large history's file passes Chrome's 64 MB limit for one message (10,000 conversations of 20
 * messages export to about 100 MB: the answer was dropped and the page waited forever).
 */
export const EXPORT_PART_CHARS = 512 * 1024;
/** Ids and session names inside an import file. */
export const IMPORT_ID_MAX_CHARS = 200;
export const IMPORT_TITLE_MAX_CHARS = 1000;

/** Context-menu prompt templates. */
export const MAX_TEMPLATES = 20;
export const TEMPLATE_PROMPT_MAX = 4_000;
export const TEMPLATE_TITLE_MAX = 60;
export const TEMPLATE_ID_MAX_CHARS = 40;

/** Handoffs older than this are dropped unread (a panel that never opened must not act later). */
export const HANDOFF_TTL_MS = 2 * 60_000;
