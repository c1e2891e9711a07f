// Shared helpers for the emulator tests: a small WebSocket client, capture parsing, normalisers.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';

export const FIXTURES = new URL('../../fixtures/playground/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export interface HttpCapture {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parse a server-captures/*.http file: status line, headers (lowercased), body (already de-chunked). */
export function capture(name: string): HttpCapture {
  const raw = fixture(`server-captures/${name}`);
  const i = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.slice(0, i).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const c = l.indexOf(':');
    headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(i + 4) };
}

export interface CapturedFrame {
  scenario: string;
  dir: 'in' | 'out' | 'meta';
  raw?: string;
  frame?: unknown;
}

export function eraDFrames(scenario: string, dir: 'in' | 'out'): string[] {
  return fixture('server-captures/era-d-frames.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CapturedFrame)
    .filter((f) => f.scenario === scenario && f.dir === dir && f.raw !== undefined)
    .map((f) => f.raw!);
}

/** Replace random 16-char part ids (Era C/D) and Era B message ids, and usage numbers. */
export function normalise(s: string): string {
  return s
    .replace(/msg-[A-Za-z0-9]{24}/g, 'msg-X')
    .replace(/(\\?"id\\?":\\?")[A-Za-z0-9]{16}(\\?")/g, '$1X$2')
    .replace(/"(promptTokens|completionTokens)":\d+/g, '"$1":N');
}

export interface Frame {
  raw: string;
  binary: boolean;
  data: unknown;
}

/** A ws client that records every frame from the moment of the handshake. */
export class TestSocket {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: RawData, binary: boolean) => {
      const raw = Buffer.isBuffer(d) ? d.toString('utf8') : Buffer.concat(d as Buffer[]).toString('utf8');
      let data: unknown;
      try {
        data = binary ? undefined : (JSON.parse(raw) as unknown);
      } catch {
        data = undefined;
      }
      this.frames.push({ raw, binary, data });
      for (const l of this.listeners) l();
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      for (const l of this.listeners) l();
    });
    ws.on('error', () => undefined);
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const s = new TestSocket(ws);
      ws.once('open', () => resolve(s));
      ws.once('unexpected-response', (_req, res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(new UpgradeRejected(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
      });
      ws.once('error', (e) => reject(e));
    });
  }

  send(v: unknown): void {
    this.ws.send(typeof v === 'string' ? v : JSON.stringify(v));
  }

  /** Wait until `cond()` is true (re-checked on each frame / close). */
  until<T>(cond: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const v = cond();
        if (v === undefined || v === false) return false;
        this.listeners.delete(check2);
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const check2 = (): void => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(check2);
        reject(new Error(`TestSocket.until timed out; frames: ${this.frames.map((f) => f.raw).join('\n')}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(check2);
    });
  }

  /** Frames of the chat response `id` up to and including its done frame. */
  async chat(id: string, timeoutMs = 3000): Promise<Frame[]> {
    return this.until(() => {
      const mine = this.frames.filter((f) => isChatFrame(f.data, id));
      return mine.some((f) => (f.data as { done: boolean }).done) ? mine : undefined;
    }, timeoutMs);
  }

  close(): void {
    this.ws.close(1000, 'bye');
  }
}

export class UpgradeRejected extends Error {
  constructor(
    readonly status: number,
    readonly headers: IncomingMessage['headers'],
    readonly body: string,
  ) {
    super(`upgrade rejected with ${status}`);
  }
}

export function isChatFrame(d: unknown, id: string): boolean {
  return typeof d === 'object' && d !== null && (d as { type?: unknown }).type === 'cf_agent_use_chat_response' && (d as { id?: unknown }).id === id;
}

export function chatRequest(id: string, messages: { id: string; role: string; text: string }[]): unknown {
  return {
    id,
    type: 'cf_agent_use_chat_request',
    init: {
      method: 'POST',
      body: JSON.stringify({
        messages: messages.map((m) => ({ id: m.id, role: m.role, parts: [{ type: 'text', text: m.text }] })),
        trigger: 'submit-message',
      }),
    },
  };
}

/** Text of a chat response: concatenated text-delta deltas of parseable bodies (a lenient, correct client). */
export function chatText(frames: Frame[], type: 'text-delta' | 'reasoning-delta' = 'text-delta'): string {
  let out = '';
  for (const f of frames) {
    const body = (f.data as { body?: unknown }).body;
    if (typeof body !== 'string' || body === '') continue;
    try {
      const chunk = JSON.parse(body) as { type?: string; delta?: string };
      if (chunk.type === type) out += chunk.delta ?? '';
    } catch {
      // malformed body: skip
    }
  }
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
