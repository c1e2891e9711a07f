// The AI SDK UI-message chunk vocabulary (ai@5 / ai@6), shared by Era C (SSE) and Era D (WS bodies).
// Chunks never end a stream by themselves: `[DONE]` (C) and `done:true` (D) do. `finish` is only
// remembered, for its finish reason and for the "body ended right after finish" rule.
import { classifyInbandError } from '../errors';
import type { PlaygroundEvent } from '../events';
import { isRecord } from '@/lib/shared/guards';
import { noteUnknown } from '../canary-hook';

/** Chunk types of ai@5/ai@6 that a text chat ignores on purpose (not canary news). */
const KNOWN_IGNORED_CHUNKS: ReadonlySet<string> = new Set([
  'start-step',
  'finish-step',
  'text-start',
  'text-end',
  'reasoning-start',
  'reasoning-end',
  'reasoning-part-finish',
  'file',
  'message-metadata',
  'abort',
]);
/** Families with open-ended names: tool-input-start, source-url, data-<anything>… */
const KNOWN_IGNORED_PREFIXES = ['tool-', 'source-', 'data-'];

function knownIgnored(type: string): boolean {
  return KNOWN_IGNORED_CHUNKS.has(type) || KNOWN_IGNORED_PREFIXES.some((prefix) => type.startsWith(prefix));
}

export interface UiChunkState {
  /** A `finish` chunk was seen. */
  sawFinish: boolean;
  /** `messageMetadata.finishReason` (ai@6) or a top-level `finishReason`, when present. */
  finishReason?: string;
  /** The server's id for the assistant message (`messageId` on the `start` chunk, 2026 servers). */
  messageId?: string;
}

export function createUiChunkState(): UiChunkState {
  return { sawFinish: false };
}

/**
 * Apply one parsed UI chunk. Returns the events it yields (deltas, or one `error`), or null when the
 * value is not a chunk at all (not an object, or no string `type`): the caller counts it malformed.
 * Unknown chunk types (including every `data-*`) are ignored and yield [].
 */
export function applyUiChunk(chunk: unknown, state: UiChunkState): PlaygroundEvent[] | null {
  if (!isRecord(chunk) || typeof chunk.type !== 'string') return null;
  switch (chunk.type) {
    case 'text-delta': {
      const text = deltaText(chunk);
      return text === undefined || text === '' ? [] : [{ type: 'text-delta', text }];
    }
    case 'reasoning-delta':
    case 'reasoning': {
      // `reasoning` with `text` is the ai@5-beta shape; `reasoning-delta` the released one.
      const text = deltaText(chunk);
      return text === undefined || text === '' ? [] : [{ type: 'reasoning-delta', text }];
    }
    case 'error': {
      const text = typeof chunk.errorText === 'string' ? chunk.errorText : typeof chunk.error === 'string' ? chunk.error : '';
      return [classifyInbandError(text)];
    }
    case 'start': {
      if (typeof chunk.messageId === 'string' && state.messageId === undefined) state.messageId = chunk.messageId;
      return [];
    }
    case 'finish': {
      state.sawFinish = true;
      const metadata = chunk.messageMetadata;
      const reason = isRecord(metadata) && typeof metadata.finishReason === 'string'
        ? metadata.finishReason
        : typeof chunk.finishReason === 'string'
          ? chunk.finishReason
          : undefined;
      if (reason !== undefined) state.finishReason = reason;
      return [];
    }
    default:
      // start, start-step, finish-step, text-start/end, reasoning-start/end, tool-*, source-*,
      // file, data-*, message-metadata, abort and anything newer: nothing to show in a text chat.
      // issue #14: "anything newer" goes to the canary.
      if (!knownIgnored(chunk.type)) noteUnknown('ui-chunk', chunk);
      return [];
  }
}

/** `delta` (ai@5+), or the older `textDelta` / `text` names, defensively. */
function deltaText(chunk: Record<string, unknown>): string | undefined {
  for (const key of ['delta', 'textDelta', 'text']) {
    const value = chunk[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
