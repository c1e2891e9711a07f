// Surface handoffs (context menu, shortcuts, omnibox, popup → side panel) as records. The
// background stores and takes them (lib/background/surfaces/handoff.ts); the panel receives them
// over the data port (`handoff-take`).
import type { ContextMeta, Unusable } from './context-blocks';
import type { ChatOptions } from './messages';

export type Handoff = {
  id: string;
  createdAt: number;
  /** The window whose side panel takes it. */
  windowId?: number;
} & (
  /** "Ask FlareChat about this": a new chat with the selection quoted in the composer. */
  | { kind: 'ask'; context: string }
  /** A ready prompt (template, page summary, omnibox): a new chat that sends it at once. */
  | { kind: 'prompt'; text: string; options?: ChatOptions; contexts?: ContextMeta[] }
  /** "Continue in side panel": open this conversation (its stream is still live). */
  | { kind: 'open-conversation'; conversationId: string }
  /** Nothing to send (empty page, restricted page): say why in the panel. */
  | { kind: 'refused'; reason: Unusable; url?: string }
);

/** A handoff before it is stamped. */
export type HandoffRequest = Handoff extends infer H ? (H extends Handoff ? Omit<H, 'id' | 'createdAt'> : never) : never;

/** Which handoffs a page takes: its side panel's window, or one id it was opened for (a tab). */
export type HandoffTarget = { windowId: number } | { handoffId: string };
