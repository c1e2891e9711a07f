// Era D: the agents WebSocket (`/agents/playground/<name>?_pk=<uuid>`): the upgrade, the greeting,
// and every client frame except the chat request itself (agents-chat.ts).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { wsChat, type AgentsEnv } from './agents-chat';
import type { Unit } from './encoders';
import { TEXT_PLAIN } from './gate';
import { MODEL_ROWS } from './models';
import { activeStream, notifyOnConnect, onResumeAck, onResumeRequest, type Instance, type Send } from './resumable';
import type { Fault } from './types';
import { flatHeaders, isRecord, parseJson, statusText } from './util';
import { FUTURE_OPENING_FRAME } from './future-frames';

const DEFAULT_SYSTEM = 'You are a helpful assistant that can do various tasks using MCP tools.';
export const DEFAULT_STATE: Readonly<Record<string, unknown>> = {
  model: '@cf/moonshotai/kimi-k2.6',
  temperature: 1,
  stream: true,
  system: DEFAULT_SYSTEM,
  useExternalProvider: false,
  externalProvider: 'openai',
  authMethod: 'provider-key',
};

export interface SocketEnv extends AgentsEnv {
  wss: WebSocketServer;
}

function rejectUpgrade(socket: Duplex, status: number, headers: Record<string, string>, body: Buffer | string): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const head =
    `HTTP/1.1 ${status} ${statusText(status)}\r\n` +
    Object.entries({ ...headers, 'content-length': String(buf.length), connection: 'close' })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';
  socket.end(Buffer.concat([Buffer.from(head), buf]));
}

export function onUpgrade(env: SocketEnv, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const base = { kind: 'upgrade' as const, method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req.headers) };
  socket.on('error', () => undefined);
  const reject = (status: number, headers: Record<string, string>, body: Buffer | string, fault?: Fault): void => {
    env.record({ ...base, status, ...(fault ? { fault } : {}) });
    rejectUpgrade(socket, status, headers, body);
  };
  const blocked = env.gate.check(req);
  if (blocked) return reject(blocked.status, blocked.headers, blocked.body, blocked.fault);
  const m = /^\/agents\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (env.config.mode !== 'ws' || !url.pathname.startsWith('/agents/') || !m) return reject(404, { 'content-type': TEXT_PLAIN }, 'Not found');
  if (m[1] !== 'playground') return reject(400, { 'content-type': TEXT_PLAIN }, 'Invalid request');
  const name = decodeURIComponent(m[2]);
  env.wss.handleUpgrade(req, socket, head, (ws) => {
    env.record({ ...base, status: 101, instance: name });
    onSocket(env, ws, name, req.url ?? '/');
  });
}

export function instanceFor(env: AgentsEnv, name: string): Instance {
  let inst = env.instances.get(name);
  if (!inst) {
    inst = { name, state: { ...DEFAULT_STATE }, messages: [], clients: new Set(), streams: [] };
    env.instances.set(name, inst);
  }
  return inst;
}

function onSocket(env: SocketEnv, ws: WebSocket, name: string, path: string): void {
  const inst = instanceFor(env, name);
  inst.clients.add(ws);
  const sendTo = (target: WebSocket, unit: Unit, requestId?: string, sent?: () => void): void => {
    if (target.readyState !== WebSocket.OPEN) return;
    const frame = typeof unit === 'string' ? (parseJson(unit) ?? unit) : `<binary ${unit.length} bytes>`;
    env.record({ kind: 'ws-out', path, headers: {}, frame, instance: name, ...(requestId ? { requestId } : {}) });
    target.send(unit, { binary: typeof unit !== 'string' }, () => sent?.());
  };
  const send: Send = (unit, requestId, sent) => sendTo(ws, unit, requestId, sent);
  const broadcast = (v: unknown): void => {
    for (const c of inst.clients) if (c !== ws) sendTo(c, JSON.stringify(v));
  };

  ws.on('error', () => undefined);
  ws.on('close', (code: number, reason: Buffer) => {
    inst.clients.delete(ws);
    // The stream goes on (the server keeps generating); this socket just stops getting it.
    for (const s of inst.streams) s.subscribers.delete(ws);
    env.record({ kind: 'ws-close', path, headers: {}, instance: name, code, reason: reason.toString('utf8') });
  });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const text = isBinary ? undefined : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
    const frame = text === undefined ? undefined : parseJson(text);
    const requestId = isRecord(frame) && typeof frame.id === 'string' ? frame.id : undefined;
    let chatBody: unknown;
    if (isRecord(frame) && frame.type === 'cf_agent_use_chat_request' && isRecord(frame.init) && typeof frame.init.body === 'string') {
      chatBody = parseJson(frame.init.body);
    }
    env.record({
      kind: 'ws-in',
      path,
      headers: {},
      frame: frame ?? text ?? '<binary>',
      instance: name,
      ...(requestId ? { requestId } : {}),
      ...(chatBody !== undefined ? { body: chatBody } : {}),
    });
    if (!isRecord(frame)) return;
    switch (frame.type) {
      case 'cf_agent_stream_resume_request':
        return onResumeRequest(inst, send, typeof frame.probeId === 'string' ? frame.probeId : undefined);
      case 'cf_agent_stream_resume_ack':
        if (requestId) onResumeAck(inst, ws, send, requestId);
        return;
      case 'rpc':
        return rpc(env, frame, inst, send);
      case 'cf_agent_state':
        // Replaces the whole state, unvalidated; no reply to the sender, broadcast to the others.
        if (isRecord(frame.state)) {
          inst.state = { ...frame.state };
          broadcast({ state: inst.state, type: 'cf_agent_state' });
        }
        return;
      case 'cf_agent_chat_clear':
        // Empties the stored transcript and every resumable stream (ai-chat's "clear" handler).
        for (const s of inst.streams) s.cancel();
        inst.messages = [];
        inst.streams = [];
        broadcast({ type: 'cf_agent_chat_clear' });
        return;
      case 'cf_agent_chat_request_cancel': {
        const s = activeStream(inst);
        if (s && requestId && s.requestId === requestId) {
          s.cancel();
          send(JSON.stringify({ body: '', done: true, id: requestId, type: 'cf_agent_use_chat_response' }), requestId);
        }
        return;
      }
      case 'cf_agent_use_chat_request':
        if (requestId) void wsChat(env, ws, inst, requestId, chatBody, send, broadcast);
        return;
      default:
        return;
    }
  });

  send(JSON.stringify({ name, agent: 'playground', type: 'cf_agent_identity' }));
  send(JSON.stringify({ state: inst.state, type: 'cf_agent_state' }));
  send(JSON.stringify({ mcp: { prompts: [], resources: [], servers: {}, tools: [] }, type: 'cf_agent_mcp_servers' }));
  if (env.faults.isActive('future-frames')) send(FUTURE_OPENING_FRAME); // issue #14
  notifyOnConnect(inst, send);
}

function rpc(env: AgentsEnv, frame: Record<string, unknown>, inst: Instance, send: Send): void {
  const id = typeof frame.id === 'string' ? frame.id : '';
  const method = frame.method;
  if (method === 'getModels') {
    send(JSON.stringify({ done: true, id, result: MODEL_ROWS, success: true, type: 'rpc' }), id);
  } else if (method === 'setConfig' && !env.faults.isActive('no-set-config')) {
    // Newer private build [3P]: merge the config into the state; a void result (no `result` key).
    const arg: unknown = Array.isArray(frame.args) ? frame.args[0] : undefined;
    if (isRecord(arg)) inst.state = { ...inst.state, ...arg };
    send(JSON.stringify({ done: true, id, success: true, type: 'rpc' }), id);
  } else {
    // The published server (no setConfig) answers this and logs an error on its side.
    send(JSON.stringify({ error: `Method ${String(method)} does not exist`, id, success: false, type: 'rpc' }), id);
  }
}
