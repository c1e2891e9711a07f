// The wire text format of context blocks: how page text and selections sit inside a stored user
// message (`<page_content source="…" …>\n…\n</page_content>`), read back by the pages for the
// "what was sent" chip and to show the question without its data. The background writes them
// (lib/background/surfaces/page-context.ts escapes, caps and delimits); this file only reads them.

export const CONTEXT_TAGS = ['page_content', 'selection'] as const;
export type ContextTag = (typeof CONTEXT_TAGS)[number];

/**
 * What an attached document is (issue #13). A `kind` attribute on `<page_content>` rather than new
 * tags: the delimiter escaping (page-context.ts) keeps neutralising exactly two tag names, and a
 * block written before this attribute existed still reads as a page. Absent means 'page'.
 */
export const ATTACHMENT_KINDS = ['page', 'selection', 'transcript', 'pdf'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** What a context block says about itself: shown as the "what was sent" chip. */
export interface ContextMeta {
  tag: ContextTag;
  source: string;
  title: string;
  /** Characters sent. */
  chars: number;
  /** Characters before capping. */
  total: number;
  truncated: boolean;
  /**
   * The right-click action that sent it ("Summarize", a template's title), when one did: the
   * message then shows as that action and the quote, never as its hidden instruction (issue #12).
   */
  action?: string;
  /** 'transcript' | 'pdf' when the block says so; absent for a plain page or a selection (see attachmentKind). */
  kind?: 'transcript' | 'pdf';
}

/** Why a page could not be used as context (a 'refused' handoff says which). */
export const UNUSABLE_REASONS = ['restricted', 'pdf', 'empty', 'error'] as const;
export type Unusable = (typeof UNUSABLE_REASONS)[number];

const BLOCK_PATTERN = /<(page_content|selection) ([^>\n]*)>\n[\s\S]*?\n<\/\1>/g;

/** Finds the context blocks in a stored user message (for the chip); text around them is the question. */
export function parseContextBlocks(text: string): ContextMeta[] {
  const found: ContextMeta[] = [];
  for (const match of text.matchAll(BLOCK_PATTERN)) {
    const attributes = new Map([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const chars = Number(attributes.get('chars'));
    if (!Number.isFinite(chars)) continue;
    found.push({
      tag: match[1] as ContextTag,
      source: attributes.get('source') ?? '',
      title: attributes.get('title') ?? '',
      chars,
      total: Number(attributes.get('total')) || chars,
      truncated: attributes.get('truncated') === 'yes',
      ...(attributes.get('action') ? { action: attributes.get('action') } : {}),
      ...(match[1] === 'page_content' && (attributes.get('kind') === 'transcript' || attributes.get('kind') === 'pdf') ? { kind: attributes.get('kind') as 'transcript' | 'pdf' } : {}),
    });
  }
  return found;
}

/** page | selection | transcript | pdf: what the attachment badge shows (data-kind). */
export function attachmentKind(meta: Pick<ContextMeta, 'tag' | 'kind'>): AttachmentKind {
  return meta.tag === 'selection' ? 'selection' : (meta.kind ?? 'page');
}

/** A document attached to a user message, as sent (helper for map-reduce and the attachment badge). */
export interface AttachedDocument {
  kind: AttachmentKind;
  title: string;
  source: string;
  /** The delimited data exactly as sent (already escaped and capped by the background). */
  text: string;
  /** Characters sent (= text.length). */
  chars: number;
  /** Characters before capping. */
  total: number;
  truncated: boolean;
}

/** The documents (page, selection, transcript, PDF) attached to a stored user message, in order. */
export function attachedDocuments(text: string): AttachedDocument[] {
  const metas = parseContextBlocks(text);
  const texts = [...text.matchAll(BLOCK_PATTERN)]
    .filter((match) => Number.isFinite(Number(/chars="([^"]*)"/.exec(match[2])?.[1])))
    .map((match) => match[0].slice(match[0].indexOf('>\n') + 2, match[0].lastIndexOf('\n</')));
  return metas.map((meta, i) => ({ kind: attachmentKind(meta), title: meta.title, source: meta.source, text: texts[i] ?? '', chars: meta.chars, total: meta.total, truncated: meta.truncated }));
}

/** The message without its context blocks: the question or instruction the user sees as text. */
export function stripContextBlocks(text: string): string {
  return text.replace(BLOCK_PATTERN, '').replace(/\n{3,}/g, '\n\n').trim();
}

/** The delimited data inside a message's blocks (what the user selected or the page text), joined. */
export function contextTexts(text: string): string[] {
  return [...text.matchAll(BLOCK_PATTERN)].map((match) => {
    const whole = match[0];
    return whole.slice(whole.indexOf('>\n') + 2, whole.lastIndexOf('\n</'));
  });
}

/** The blocks themselves, as sent (an edited prompt keeps them). */
export function contextBlockTexts(text: string): string[] {
  return [...text.matchAll(BLOCK_PATTERN)].map((match) => match[0]);
}

/** What a user message shows: the action and quote of a right-click action, else the question. */
export interface UserMessageView {
  /** The action's name; absent for a typed message. */
  action?: string;
  /** The quoted data (selection or page text) of the first block, in full. */
  quote: string;
  /** The user's own words: empty for an action (its instruction is ours and stays hidden). */
  question: string;
}

export function userMessageView(text: string): UserMessageView {
  const action = parseContextBlocks(text).find((meta) => meta.action)?.action;
  const quote = contextTexts(text)[0] ?? '';
  return { action, quote, question: action ? '' : stripContextBlocks(text) };
}

/** First words of `text` on one line, cut at `max` characters with an ellipsis. */
export function firstWords(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Title and preview text of a user message: "Summarize · “first words…”", the question, or the quote. Never markup. */
export function userMessageSummary(text: string, max: number): string {
  const view = userMessageView(text);
  if (view.action) return firstWords(`${view.action} · “${firstWords(view.quote, Math.max(8, max - view.action.length - 5))}”`, max);
  return firstWords(view.question || view.quote, max);
}
