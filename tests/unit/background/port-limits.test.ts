// One set of limits (issue #10): what the chat port accepts, storage keeps. Before the limits were
// shared, `maxTokens: 10000` passed the port (limit 65,536), failed in storage (limit 8,192) as a
// `storage` error and left an empty conversation behind.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import { portRoutes, routePort } from '@/lib/background/router';
import { closeDb, openDb } from '@/lib/background/storage/db';
import { type ServerMessage } from '@/lib/protocol/messages';
import { CHAT_PORT } from '@/lib/protocol/ports';
import { MAX_TOKENS_RANGE } from '@/lib/shared/limits';
import { scriptedStream } from './engine/fake-stream';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}`;

function fakePort() {
  const received: ServerMessage[] = [];
  const listeners: ((message: unknown) => void)[] = [];
  const port = {
    name: CHAT_PORT,
    sender: { id: EXTENSION_ID, url: `${ORIGIN}/sidepanel.html`, origin: ORIGIN, frameId: 0 },
    postMessage: (message: ServerMessage) => received.push(message),
    disconnect: () => undefined,
    onMessage: { addListener: (fn: (message: unknown) => void) => listeners.push(fn) },
    onDisconnect: { addListener: () => undefined },
  };
  return { port: port as unknown as Browser.runtime.Port, received, send: (message: unknown) => listeners.forEach((fn) => fn(message)) };
}

let engine: ChatEngine;

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  engine = new ChatEngine({
    stream: scriptedStream().stream,
    listModels: () => Promise.resolve({ models: [], source: 'bundled', fetchedAt: 0 }),
  });
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('chat port limits', () => {
  it('rejects chat-start with maxTokens 10000 at the port (bad-request) and creates no conversation', async () => {
    const { port, received, send } = fakePort();
    routePort(port, portRoutes({ engine, data: { connect: () => {} }, ready: Promise.resolve(), extensionId: EXTENSION_ID, extensionOrigin: ORIGIN }));
    send({ type: 'chat-start', requestId: 'r1', text: 'hi', options: { maxTokens: 10_000 } });
    await settle();
    expect(received).toEqual([{ type: 'request-rejected', code: 'bad-request', error: expect.stringMatching(/Max tokens/) }]);
    const db = await openDb();
    expect([await db.count('conversations'), await db.count('messages')]).toEqual([0, 0]);
  });

  it('accepts the largest maxTokens storage keeps', async () => {
    const { port, received, send } = fakePort();
    routePort(port, portRoutes({ engine, data: { connect: () => {} }, ready: Promise.resolve(), extensionId: EXTENSION_ID, extensionOrigin: ORIGIN }));
    send({ type: 'chat-start', requestId: 'r1', text: 'hi', options: { maxTokens: MAX_TOKENS_RANGE.max } });
    await settle();
    expect(received.map((m) => m.type)).toContain('chat-started');
    expect(received.some((m) => m.type === 'request-rejected')).toBe(false);
  });
});
