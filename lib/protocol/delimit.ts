// Page text and selections are untrusted data. Everything that puts them into a prompt goes
// through here: whitespace normalised, capped (with a visible note), wrapped in a delimiter whose
// own tags are neutralised inside the text, so the text cannot close the block and speak as the user.
// This reduces prompt injection; it does not prevent it (docs/platform-notes.md#page-text-as-data).
// Pure, so both the background (right-click actions) and the side panel (the page chip, PDFs and
// transcripts it reads itself, issue #13) write blocks the same way; context-blocks.ts reads them.
import type { AttachmentKind, ContextMeta, ContextTag, Unusable } from './context-blocks';
import { PAGE_TEXT_MAX_CHARS } from '@/lib/shared/limits';

/**
 * Characters of page text that fit one request to a typical model (about 6k tokens). Longer pages
 * are kept whole up to PAGE_TEXT_MAX_CHARS and answered in sections (lib/background/documents/).
 */
export const PAGE_TEXT_CAP = 24_000;
/** Characters of a selection sent at most. */
export const SELECTION_CAP = 12_000;
/** Single-line values (title, url) are cut here. */
export const INLINE_CAP = 300;

/**
 * Invisible characters a page can slip into a tag to dodge the pattern below while a model still
 * reads a tag: format characters (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi
 * controls: Unicode category Cf), the combining grapheme joiner and variation selectors.
 */
const INVISIBLE = /[\p{Cf}\u034f\ufe00-\ufe0f]/gu;

/**
 * Canonical form of untrusted text before any delimiter check (issue #11 item 12): NFKC folds
 * full-width and compatibility forms ("＜／ｐａｇｅ_content＞" → "</page_content>") and the
 * invisible characters above are removed, so what is escaped is what the model reads.
 */
function canonical(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * "<", "&lt;" or a numeric reference to it, then any whitespace (newlines included), an optional
 * slash or slash look-alike (fraction slash, division slash, big solidus), whitespace, a tag name.
 */
const TAG_PATTERN = /(?:<|&lt;|&#0*60;|&#x0*3c;)\s*([/\u2044\u2215\u29f8]?)\s*(page_content|selection)\b/gi;

/** Neutralise our delimiter tags inside untrusted text ("< /page_content" → "‹/page_content"). */
export function escapeDelimiters(text: string): string {
  return canonical(text).replace(TAG_PATTERN, (_whole, slash: string, name: string) => `‹${slash === '' ? '' : '/'}${name}`);
}

/** Canonical form (see above), unify line ends, drop control characters, collapse runs of blank lines and spaces, trim. */
export function normalizeText(text: string): string {
  return canonical(text)
    .replace(/\r\n?/g, '\n')
     
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cut at `cap` characters, preferring a word boundary near the end; never splits a surrogate pair. */
export function capText(text: string, cap: number): { text: string; truncated: boolean; total: number } {
  const total = text.length;
  if (total <= cap) return { text, truncated: false, total };
  let cut = cap;
  const space = text.lastIndexOf(' ', cap);
  const newline = text.lastIndexOf('\n', cap);
  const boundary = Math.max(space, newline);
  if (boundary > 0 && boundary > cap - 200) cut = boundary;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return { text: text.slice(0, cut).trimEnd(), truncated: true, total };
}

/** A single-line value: no newlines, no delimiter tags, no quotes (it lands in an attribute), capped. */
export function inlineValue(value: string | undefined): string {
  const flat = escapeDelimiters(normalizeText(value ?? '').replace(/\n+/g, ' ')).replace(/"/g, '”').replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'));
  return flat.length > INLINE_CAP ? `${flat.slice(0, INLINE_CAP - 1)}…` : flat;
}

/**
 * Wraps untrusted text as data:
 *
 *   <page_content source="https://…" title="…" chars="1234" total="1234" truncated="no">
 *   …text, with any <page_content / </page_content escaped…
 *   </page_content>
 */
export function contextBlock(tag: ContextTag, raw: string, meta: { source?: string; title?: string; action?: string; kind?: AttachmentKind }, cap = tag === 'page_content' ? PAGE_TEXT_MAX_CHARS : SELECTION_CAP): { block: string; meta: ContextMeta } {
  // Escape first, then cap, so the count is what is really sent.
  const capped = capText(escapeDelimiters(normalizeText(raw)), cap);
  const info: ContextMeta = {
    tag,
    source: inlineValue(meta.source),
    title: inlineValue(meta.title),
    chars: capped.text.length,
    total: capped.total,
    truncated: capped.truncated,
  };
  // The action's name ("Summarize"), so the panel shows what the user did, not our instruction.
  const action = meta.action ? inlineValue(meta.action) : '';
  if (action) info.action = action;
  // transcript / pdf are kinds of page content (context-blocks.ts ATTACHMENT_KINDS); a page has no attribute.
  const kind = tag === 'page_content' && (meta.kind === 'transcript' || meta.kind === 'pdf') ? meta.kind : undefined;
  if (kind) info.kind = kind;
  const attributes = `source="${info.source}" title="${info.title}" chars="${info.chars}" total="${info.total}" truncated="${info.truncated ? 'yes' : 'no'}"${action ? ` action="${action}"` : ''}${kind ? ` kind="${kind}"` : ''}`;
  return { block: `<${tag} ${attributes}>\n${capped.text}\n</${tag}>`, meta: info };
}


/** Fewer readable characters than this is "nothing useful": refuse rather than summarise a title. */
export const MIN_PAGE_CHARS = 80;

/** What the page script returns (entrypoints/extract-page.ts). */
export interface PageContent {
  title: string;
  url: string;
  text: string;
  excerpt?: string;
  lang?: string;
  contentType?: string;
}

const RESTRICTED_HOSTS = ['chromewebstore.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com'];

/** Pages no extension may script (browser pages, stores): known before trying. */
export function restrictedUrl(url: string | undefined): boolean {
  if (!url) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return true;
  if (RESTRICTED_HOSTS.includes(parsed.hostname)) return true;
  return parsed.hostname === 'chrome.google.com' && parsed.pathname.startsWith('/webstore');
}

/** Why extracted content is not worth sending, or null when it is. */
export function unusableContent(content: PageContent | null | undefined): Unusable | null {
  if (!content) return 'error';
  if (content.contentType === 'application/pdf' || /\.pdf($|[?#])/i.test(content.url)) return 'pdf';
  const readable = normalizeText(content.text).replace(/\s+/g, '');
  return readable.length < MIN_PAGE_CHARS ? 'empty' : null;
}
