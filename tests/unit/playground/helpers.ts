// Test helpers: fixture loading, HTTP capture splitting, and feeding bytes through ONE streaming
// TextDecoder in arbitrary splits (as the transport does).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { PlaygroundEvent } from '@/lib/playground/events';
import type { StreamParser } from '@/lib/playground/parse/sink';

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(ROOT + path));
}

export function fixtureText(path: string): string {
  return readFileSync(ROOT + path, 'utf8');
}

export interface HttpCapture {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A whole `.http` response: status line, headers, CRLF CRLF, body bytes. */
export function httpCapture(path: string): HttpCapture {
  const bytes = fixtureBytes(path);
  const raw = Buffer.from(bytes).toString('latin1');
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: bytes.slice(split + 4) };
}

/** Feed byte chunks through one streaming decoder into a parser; returns every event. */
export function feedBytes(parser: StreamParser, chunks: Uint8Array[]): PlaygroundEvent[] {
  const decoder = new TextDecoder();
  const events: PlaygroundEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(decoder.decode(chunk, { stream: true })));
  events.push(...parser.push(decoder.decode()));
  events.push(...parser.end());
  return events;
}

export function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Every two-way split at each byte boundary, plus 1-byte chunks. */
export function* byteSplits(bytes: Uint8Array): Generator<{ label: string; chunks: Uint8Array[] }> {
  for (let i = 0; i <= bytes.length; i++) {
    yield { label: `split@${i}`, chunks: [bytes.slice(0, i), bytes.slice(i)] };
  }
  const ones: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) ones.push(bytes.slice(i, i + 1));
  yield { label: '1-byte chunks', chunks: ones };
}

/** Every two-way split at each char boundary of already-decoded text, plus 1-char chunks. */
export function* charSplits(text: string): Generator<{ label: string; chunks: string[] }> {
  for (let i = 0; i <= text.length; i++) yield { label: `char@${i}`, chunks: [text.slice(0, i), text.slice(i)] };
  yield { label: '1-char chunks', chunks: [...text].map((c) => c) };
}

export function feedText(parser: StreamParser, chunks: string[]): PlaygroundEvent[] {
  const events: PlaygroundEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

/**
 * Assert a parser factory gives exactly `expected` for the whole body, for the body split in two at
 * every byte boundary, and for 1-byte chunks. Returns how many runs were checked.
 */
export function expectAllSplits(make: () => StreamParser, bytes: Uint8Array, expected: PlaygroundEvent[]): number {
  let runs = 1;
  expect(feedBytes(make(), [bytes]), 'whole body').toStrictEqual(expected);
  for (const { label, chunks } of byteSplits(bytes)) {
    expect(feedBytes(make(), chunks), label).toStrictEqual(expected);
    runs++;
  }
  return runs;
}

export function lines(path: string): string[] {
  return fixtureText(path).split('\n').filter((line) => line !== '');
}
