// Plain HTTP routing: the control API, the edge gates and GET /, the agents HTTP routes (ws mode:
// get-messages) and the HTTP eras (/api/models, /api/inference).
import type http from 'node:http';
import type { WebSocketServer } from 'ws';
import type { AgentsEnv } from './agents-chat';
import { control } from './control';
import { TEXT_PLAIN } from './gate';
import { inference, type HttpEraEnv } from './http-eras';
import { apiModelRows } from './models';
import type { Emulator, Fault } from './types';
import { flatHeaders, parseJson, statusText } from './util';

export interface RoutesEnv extends AgentsEnv, HttpEraEnv {
  emulator: Emulator;
  wss: WebSocketServer;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function onRequest(env: RoutesEnv, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.sendDate = false;
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const method = req.method ?? 'GET';
  let raw = '';
  try {
    raw = await readBody(req);
  } catch {
    return;
  }
  if (url.pathname.startsWith('/__emulator/')) {
    control(env.emulator, method, url.pathname, raw, res);
    return;
  }
  const parsed = raw === '' ? undefined : (parseJson(raw) ?? raw);
  const base = { kind: 'http' as const, method, path: req.url ?? '/', headers: flatHeaders(req.headers), ...(parsed !== undefined ? { body: parsed } : {}) };
  const send = (status: number, headers: Record<string, string | number>, body?: string | Buffer, fault?: Fault): void => {
    env.record({ ...base, status, ...(fault ? { fault } : {}) });
    res.writeHead(status, statusText(status), { ...headers, 'content-length': body === undefined ? 0 : Buffer.byteLength(body) });
    res.end(body);
  };
  const notFound = (): void => send(404, { 'content-type': TEXT_PLAIN }, 'Not found');

  const isHome = url.pathname === '/' && (method === 'GET' || method === 'HEAD');
  const blocked = env.gate.check(req, isHome);
  if (blocked) return send(blocked.status, blocked.headers, blocked.body, blocked.fault);
  if (isHome) return env.gate.home(req, res, send);

  const mode = env.config.mode;
  if (mode === 'ws') {
    const m = /^\/agents\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (m && m[1] !== 'playground') return send(400, { 'content-type': TEXT_PLAIN }, 'Invalid request');
    if (m && m[3] === '/get-messages' && method === 'GET') {
      const inst = env.instances.get(decodeURIComponent(m[2]));
      return send(200, { 'content-type': 'application/json' }, JSON.stringify(inst?.messages ?? []));
    }
    return notFound();
  }
  if (url.pathname === '/api/models' && method === 'GET' && mode !== 'era-c') {
    return send(200, { 'content-type': 'application/json', 'cache-control': 's-maxage=300' }, JSON.stringify({ models: apiModelRows() }));
  }
  if (url.pathname === '/api/inference' && method === 'POST') return inference(env, mode, parsed, base, req, res);
  notFound();
}
