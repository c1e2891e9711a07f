// Surface handoffs (context menu, shortcuts, omnibox, popup → side panel): one strict schema per
// kind, with the types inferred from them. The background stores and takes them
// (lib/background/surfaces/handoff.ts, which validates what it reads back with these schemas); the
// panel receives them over the data port (`handoff-take`).
import * as v from 'valibot';
import { UNUSABLE_REASONS, type ContextMeta } from './context-blocks';
import { chatOptionsSchema } from './messages';

/** Stamp, and the window whose side panel takes it. */
const stamp = { id: v.string(), createdAt: v.number(), windowId: v.optional(v.number()) };

/**
 * What a page takes out of storage.session, one strict schema per kind (we write them all); anything
 * else there is swept, never acted on.
 */
export const handoffSchemas = {
  /** "Ask FlareChat about this": a new chat with the selection quoted in the composer; `current` ("Add to current chat", issue #12): the open conversation instead. */
  ask: v.strictObject({ ...stamp, kind: v.literal('ask'), context: v.string(), current: v.optional(v.boolean()) }),
  /** A ready prompt (template, page summary, omnibox): a new chat that sends it at once. */
  prompt: v.strictObject({
    ...stamp,
    kind: v.literal('prompt'),
    text: v.string(),
    options: v.optional(chatOptionsSchema),
    // What was quoted, for the record; no page reads it back (the chips parse the message text),
    // so a list is all that is checked (a full v.array schema costs the worker ~150 bytes gzip).
    contexts: v.optional(v.custom<ContextMeta[]>((value) => Array.isArray(value))),
  }),
  /** "Continue in side panel": open this conversation (its stream is still live). */
  'open-conversation': v.strictObject({ ...stamp, kind: v.literal('open-conversation'), conversationId: v.string() }),
  /**
   * Compare answers (issue #15): the panel compares its remembered 2-3 models on this prompt. From
   * the context menu the text is an instruction with the selection delimited as data (`contexts`
   * as for a prompt); from the popup it is what the user typed, and `conversationId` (the popup's
   * conversation) is continued instead of a new chat.
   */
  compare: v.strictObject({
    ...stamp,
    kind: v.literal('compare'),
    text: v.string(),
    conversationId: v.optional(v.string()),
    contexts: v.optional(v.custom<ContextMeta[]>((value) => Array.isArray(value))),
  }),
  /** Nothing to send (empty page, restricted page): say why in the panel. */
  refused: v.strictObject({ ...stamp, kind: v.literal('refused'), reason: v.picklist(UNUSABLE_REASONS), url: v.optional(v.string()) }),
};
type HandoffSchemas = typeof handoffSchemas;

export type Handoff = { [K in keyof HandoffSchemas]: v.InferOutput<HandoffSchemas[K]> }[keyof HandoffSchemas];

/** A handoff before it is stamped. */
export type HandoffRequest = Handoff extends infer H ? (H extends Handoff ? Omit<H, 'id' | 'createdAt'> : never) : never;

/** Which handoffs a page takes: its side panel's window, or one id it was opened for (a tab). */
export type HandoffTarget = { windowId: number } | { handoffId: string };
