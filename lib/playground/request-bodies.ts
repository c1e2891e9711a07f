// Pure builders for everything FlareChat puts on the wire. Each returns a plain object; the
// transport `JSON.stringify`s it. Key order is fixed (tests compare exact JSON).
import type { ChatRequest, ChatTurn } from './types';

/** g4f's value; the playground UI slider goes 1–2048. Era D ignores it (the server sets none). */
export const DEFAULT_MAX_TOKENS = 2048;
export const MAX_MAX_TOKENS = 2048;
/**
 * The system prompt sent when the user set none: explicitly empty, so the agents server never falls
 * back on its own persona or on one an earlier client stored in the instance (issue #11 item 1).
 * The server passes `state.system` to the model as is; an empty one adds no system message.
 */
export const NO_SYSTEM = '';
export const DEFAULT_TEMPERATURE = 1;

interface TextPart {
  type: 'text';
  text: string;
}

export interface InferenceMessage {
  id: string;
  role: ChatTurn['role'];
  content: string;
  parts: TextPart[];
}

export interface InferenceBody {
  messages: InferenceMessage[];
  lora: null;
  model: string;
  max_tokens: number;
  stream: true;
  system_message?: string;
  tools: [];
}

function maxTokens(req: ChatRequest): number {
  const n = req.maxTokens;
  if (n === undefined || !Number.isFinite(n)) return DEFAULT_MAX_TOKENS;
  return Math.min(MAX_MAX_TOKENS, Math.max(1, Math.round(n)));
}

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

/**
 * `POST /api/inference` for Eras B and C (docs/playground-protocol.md#http-request-body): every message carries `content` (read by the v4
 * server) AND `parts` (required by v5's convertToModelMessages) AND a stable `id`. The system prompt
 * goes ONCE, as `system_message`, never also as a system message (docs/playground-protocol.md#http-request-body: the g4f body made the
 * model see two system prompts). Omitted when there is none.
 */
export function buildInferenceBody(req: ChatRequest): InferenceBody {
  const body: InferenceBody = {
    messages: req.messages.map((turn) => ({
      id: turn.id,
      role: turn.role,
      content: turn.text,
      parts: [{ type: 'text', text: turn.text }],
    })),
    lora: null,
    model: req.model,
    max_tokens: maxTokens(req),
    stream: true,
    tools: [],
  };
  const system = nonEmpty(req.system);
  if (system === undefined) return body;
  // Rebuild to keep the documented key order (system_message before tools).
  return {
    messages: body.messages,
    lora: null,
    model: body.model,
    max_tokens: body.max_tokens,
    stream: true,
    system_message: system,
    tools: [],
  };
}

export interface AgentsChatFrame {
  id: string;
  type: 'cf_agent_use_chat_request';
  url?: string;
  init: { method: 'POST'; headers: { 'content-type': 'application/json' }; body: string };
}

/** The stable chat id the agents body carries: one per conversation, derived from the instance. */
export function chatIdFor(sessionName: string): string {
  return `${sessionName}-chat`;
}

/**
 * `cf_agent_use_chat_request` (docs/playground-protocol.md#chat-request-frame). `init.body` is a JSON STRING holding
 * `{id, messages:[{id, role, parts:[{type:"text", text}]}], trigger:"submit-message"}`. The whole
 * conversation goes every time (the instance may have been destroyed); ids are the turns' stable
 * ids, since the server merges history by message id.
 */
export function buildAgentsChatFrame(req: ChatRequest, options: { url?: string } = {}): AgentsChatFrame {
  const body = JSON.stringify({
    id: chatIdFor(req.sessionName),
    messages: req.messages.map((turn) => ({
      id: turn.id,
      role: turn.role,
      parts: [{ type: 'text', text: turn.text }],
    })),
    trigger: 'submit-message',
  });
  const frame: AgentsChatFrame = { id: req.requestId, type: 'cf_agent_use_chat_request', init: {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  } };
  if (options.url === undefined) return frame;
  return { id: frame.id, type: frame.type, url: options.url, init: frame.init };
}

export interface AgentsStateFrame {
  type: 'cf_agent_state';
  state: Record<string, unknown>;
}

/**
 * The client `cf_agent_state`. It REPLACES the server state (not merged: docs/playground-protocol.md#session-state), so start from the
 * last state the server sent and change only model / system / temperature, keeping every other key.
 * `stream` is forced on and `useExternalProvider` forced off: FlareChat only speaks to Workers AI
 * and never forwards provider keys. `temperature` keeps the server's value when the request has
 * none; `system` NEVER does: no system prompt from the user means an explicitly empty one.
 */
export function buildAgentsStateFrame(
  lastServerState: Record<string, unknown> | undefined,
  req: ChatRequest,
): AgentsStateFrame {
  const base: Record<string, unknown> = lastServerState
    ? { ...lastServerState }
    : { system: NO_SYSTEM, temperature: DEFAULT_TEMPERATURE, externalProvider: 'openai' };
  const state: Record<string, unknown> = {
    ...base,
    model: req.model,
    temperature: req.temperature ?? (typeof base.temperature === 'number' ? base.temperature : DEFAULT_TEMPERATURE),
    stream: true,
    system: nonEmpty(req.system) ?? NO_SYSTEM,
    useExternalProvider: false,
  };
  if (state.externalProvider === undefined) state.externalProvider = 'openai';
  return { type: 'cf_agent_state', state };
}

export interface RpcFrame {
  type: 'rpc';
  id: string;
  method: string;
  args: unknown[];
}

/**
 * `setConfig` (newer live builds, third party: docs/playground-protocol.md#session-state). Its rpc reply is NOT the end of a chat; the
 * published server has no such method and answers `success:false` (harmless). `system` is always
 * sent, empty when the user has none (never the server's).
 */
export function buildSetConfigRpc(id: string, req: ChatRequest): RpcFrame {
  const config: Record<string, unknown> = {
    model: req.model,
    temperature: req.temperature ?? DEFAULT_TEMPERATURE,
    stream: true,
    system: nonEmpty(req.system) ?? NO_SYSTEM,
  };
  return { type: 'rpc', id, method: 'setConfig', args: [config] };
}

export function buildGetModelsRpc(id: string): RpcFrame {
  return { type: 'rpc', id, method: 'getModels', args: [] };
}

export function buildCancelFrame(requestId: string): { type: 'cf_agent_chat_request_cancel'; id: string } {
  return { type: 'cf_agent_chat_request_cancel', id: requestId };
}

/**
 * `cf_agent_chat_clear`: empties the instance's stored transcript (and its resumable streams). Sent
 * before every chat request so the server's copy is exactly the history we send: the server merges
 * an incoming assistant message with its stored copy only by ITS id or identical parts, and we know
 * neither, so without the clear the model would see every earlier answer twice (issue #17).
 */
export function buildClearFrame(): { type: 'cf_agent_chat_clear' } {
  return { type: 'cf_agent_chat_clear' };
}

/** A resume probe; `probeId` matches the 2026 server's reply to it (older servers ignore it). */
export function buildResumeRequestFrame(probeId?: string): { type: 'cf_agent_stream_resume_request'; probeId?: string } {
  return probeId === undefined ? { type: 'cf_agent_stream_resume_request' } : { type: 'cf_agent_stream_resume_request', probeId };
}

/** The answer to `cf_agent_stream_resuming {id}`: after it the server replays the stream's chunks. */
export function buildResumeAckFrame(requestId: string): { type: 'cf_agent_stream_resume_ack'; id: string } {
  return { type: 'cf_agent_stream_resume_ack', id: requestId };
}

const ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** A nanoid-style random id (64-symbol URL-safe alphabet, 21 symbols ≈ 126 bits): `<prefix>_<id>`. */
export function newId(prefix = '', size = 21): string {
  const bytes = new Uint8Array(size);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return prefix === '' ? id : `${prefix}_${id}`;
}
