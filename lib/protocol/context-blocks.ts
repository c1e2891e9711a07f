// The context blocks inside a stored user message (page text, selections): the background writes
// them (lib/background/surfaces/page-context.ts), the pages read them back to show the "what was
// sent" chip and the question without the blocks. Shared here so the pages need no background code.

export type ContextTag = 'page_content' | 'selection';
export const CONTEXT_TAGS: readonly ContextTag[] = ['page_content', 'selection'];

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
}

/** Why a page gave nothing to send (the panel says so instead of sending). */
export type Unusable = 'restricted' | 'pdf' | 'empty' | 'error';

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
    });
  }
  return found;
}

/** The message without its context blocks: the question or instruction the user sees as text. */
export function stripContextBlocks(text: string): string {
  return text.replace(BLOCK_PATTERN, '').replace(/\n{3,}/g, '\n\n').trim();
}
