// Storage-layer records. Plain JSON-safe data: no class instances, no Dates (epoch ms), no undefined
// that matters (optional fields are simply absent).
import type { ErrorCode } from '@/lib/shared/errors';
import type { Usage } from '@/lib/shared/models';

export interface Conversation {
  id: string;
  title: string;
  /** True once the user renamed it: the first user message no longer sets the title. */
  titleEdited?: boolean;
  /**
   * True once a light model was asked for a title (issue #12, lib/background/engine/titles.ts): at
   * most once per conversation, kept here because the worker can die between asking and writing.
   */
  titleAsked?: boolean;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; bumped by every message write and every settings/title change. */
  updatedAt: number;
  pinned: boolean;
  /** Per-conversation overrides of the global settings; absent = use the settings. */
  model?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  /** Playground agents instance, "flarechat-<random>". */
  sessionName: string;
  /** Set by a soft delete; the row is purged later by purgeDeleted(). */
  deletedAt?: number;
  messageCount: number;
  /** Start of the last message, for the list. */
  preview?: string;
  /**
   * Chosen version at each fork (issue #12): parent message id ('' = the first message) → the
   * child shown. Absent or naming no child = the newest child. lib/protocol/branches.ts reads it.
   */
  branch?: Record<string, string>;
}

export const MESSAGE_STATUSES = ['queued', 'streaming', 'done', 'stopped', 'error', 'interrupted'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_ROLES = ['user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface MessageTimings {
  firstTokenMs?: number;
  totalMs?: number;
  tokensPerSecond?: number;
}

export interface Message {
  id: string;
  conversationId: string;
  /** Depth within the conversation (parent.seq + 1): versions of one turn share it. */
  seq: number;
  /**
   * The message this one follows ('' = the first message); versions of a turn share it (issue #12).
   * Absent on rows stored before versions: those form one chain by seq (lib/protocol/branches.ts).
   */
  parentId?: string;
  role: MessageRole;
  text: string;
  reasoning?: string;
  /** User messages are always 'done'. */
  status: MessageStatus;
  model?: string;
  createdAt: number;
  updatedAt: number;
  /** `retryAt` (epoch ms): an automatic retry is scheduled (rate limit); `attempt` counts them. */
  error?: { code: ErrorCode; message: string; retryAt?: number; attempt?: number };
  finishReason?: string;
  usage?: Usage;
  timings?: MessageTimings;
  transport?: string;
  /**
   * The chosen model could not answer and `model` (another one) did (issue #17): which model failed
   * and why. Shown under the answer, kept in history and exports.
   */
  failover?: { from: string; reason: ErrorCode };
  /** Compare (issue #15): the answers of one comparison share this id (sibling answers, one model each). */
  compareGroup?: string;
  /** Compare: the column the user continued with ("Continue with this one"); the others are alternatives. */
  compareChosen?: boolean;
  /** A document longer than the model's window, answered in sections (issue #13). */
  document?: DocumentProgress;
}

/**
 * Map-reduce progress of an answer (issue #13): `done` of `total` sections read, then the
 * combining step; `notes` are the partial answers as they arrived (model output, shown as text).
 */
export interface DocumentProgress {
  done: number;
  total: number;
  phase: 'map' | 'reduce';
  notes: string[];
  /** "First N characters only": how much of the document fits one request (0 = nothing does). */
  firstChars: number;
}

/** Title a conversation has until its first user message (or a rename) gives it one. */
export const DEFAULT_TITLE = 'New chat';
export const TITLE_MAX_CHARS = 60;
export const PREVIEW_MAX_CHARS = 120;
