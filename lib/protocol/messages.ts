// The one port protocol between the UI surfaces (side panel, popup, options) and the background.
// Discriminated unions with noun-verb `type`s. Every stream frame carries conversationId,
// requestId and seq so a surface can re-attach, replay and drop duplicates.
import type { ErrorCode } from '@/lib/shared/errors';
import type { ModelInfo, ModelSource } from '@/lib/shared/models';
import type { Conversation, Message } from '@/lib/protocol/records';

/** Port names, routed by the background (lib/background/router.ts). */
export const CHAT_PORT = 'chat';

/** Per-turn overrides chosen in the UI; unset fields fall back to conversation then settings. */
export interface ChatOptions {
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
}

// ---- UI → background -------------------------------------------------------------------------

export type ClientMessage =
  /** Replay the conversation (stored messages + the live answer so far), then stream live frames. */
  | { type: 'conversation-subscribe'; conversationId: string }
  | { type: 'conversation-unsubscribe'; conversationId: string }
  /** A new user turn. No conversationId: the background creates the conversation. */
  | { type: 'chat-start'; requestId: string; conversationId?: string; text: string; options?: ChatOptions }
  /** Answer again: replaces this assistant message (and drops anything after it). */
  | { type: 'chat-regenerate'; requestId: string; conversationId: string; messageId: string; options?: ChatOptions }
  /** Edit a user message and resend: later messages are dropped. */
  | { type: 'chat-edit'; requestId: string; conversationId: string; messageId: string; text: string; options?: ChatOptions }
  /** Continue an interrupted or stopped answer in place. */
  | { type: 'chat-continue'; requestId: string; conversationId: string; messageId: string }
  /** Stop the answer being written, or cancel a queued one (messageId picks which). */
  | { type: 'chat-stop'; conversationId: string; messageId?: string }
  | { type: 'models-list'; refresh?: boolean }
  /** "Open the playground to verify": open or focus a playground tab, retry this answer once it passes. */
  | { type: 'challenge-verify'; conversationId: string; messageId: string }
  /** The page saw the network come back: send what waits for it. */
  | { type: 'network-online' };

export type ClientMessageType = ClientMessage['type'];

// ---- background → UI -------------------------------------------------------------------------

export type WaitReason = 'busy' | 'offline' | 'verification';

/** The answer being generated right now, as far as it has come. */
export interface LiveAnswer {
  requestId: string;
  messageId: string;
  text: string;
  reasoning: string;
  seq: number;
}

interface StreamFrame {
  conversationId: string;
  requestId: string;
  messageId: string;
  /** Strictly increasing per requestId, starting at 0 with chat-started. */
  seq: number;
}

export type ServerMessage =
  | { type: 'conversation-snapshot'; conversation: Conversation; messages: Message[]; live?: LiveAnswer }
  | { type: 'conversation-updated'; conversation: Conversation }
  | { type: 'conversation-missing'; conversationId: string }
  | (StreamFrame & { type: 'chat-started'; conversation: Conversation; messages: Message[] })
  | (StreamFrame & { type: 'text-delta'; text: string })
  | (StreamFrame & { type: 'reasoning-delta'; text: string })
  | (StreamFrame & { type: 'chat-end'; message: Message })
  /**
   * The answer is waiting (queued behind another, offline, or for a playground check) or has
   * started after waiting. `retryAt` (epoch ms) when an automatic retry is scheduled.
   */
  | (StreamFrame & { type: 'chat-status'; status: 'queued' | 'streaming'; reason?: WaitReason; message: Message })
  | (StreamFrame & { type: 'chat-error'; code: ErrorCode; error: string; message: Message; retryAt?: number })
  | { type: 'models-listed'; models: ModelInfo[]; source: ModelSource }
  /** A message that failed validation (or could not be served) is answered with this. */
  | { type: 'request-rejected'; code: 'bad-request' | 'storage'; error: string; requestId?: string };

export type ServerMessageType = ServerMessage['type'];
