// Small helpers shared by the emulator's modules: JSON, headers, cookies, message texts.
import http from 'node:http';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export function statusText(status: number): string {
  return http.STATUS_CODES[status] ?? '';
}

/** A chat message as a client sends it (UI message, Eras C/D) or as Eras A/B read it (`content`). */
export interface UIMessage {
  id?: string;
  role?: string;
  content?: unknown;
  parts?: unknown;
  [k: string]: unknown;
}

/** Text of a UI / chat message: `content` string (Era A/B) or the text parts. */
export function messageText(m: UIMessage, prefer: 'content' | 'parts'): string {
  const fromParts = (): string | undefined =>
    Array.isArray(m.parts)
      ? m.parts
          .filter((p): p is { type: string; text: string } => isRecord(p) && p.type === 'text' && typeof p.text === 'string')
          .map((p) => p.text)
          .join('')
      : undefined;
  const fromContent = (): string | undefined => (typeof m.content === 'string' ? m.content : undefined);
  return (prefer === 'content' ? (fromContent() ?? fromParts()) : (fromParts() ?? fromContent())) ?? '';
}

export function lastUserText(messages: UIMessage[], prefer: 'content' | 'parts'): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messageText(messages[i], prefer);
  return '';
}

export function promptTokenEstimate(messages: UIMessage[], prefer: 'content' | 'parts', system: string): number {
  const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
  return 10 + words(system) + messages.reduce((n, m) => n + words(messageText(m, prefer)), 0);
}
