import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { rememberedTransport, streamChat, streamChatInTab, TAB_REFUSED_MESSAGE } from '@/lib/playground/client';
import type { PlaygroundEvent } from '@/lib/playground/events';
import type { ChatRequest } from '@/lib/playground/types';
import { fakeAgents, replyWith, streamingResponse } from './fakes';

const req: ChatRequest = { requestId: 'r1', sessionName: 's', messages: [{ id: 'm', role: 'user', text: 'Hi' }], model: '@cf/x/y' };
const deadlines = { firstByteMs: 2_000, silenceMs: 2_000, totalMs: 5_000 };
const okSocket = () => fakeAgents({ script: replyWith([{ type: 'text-delta', id: 't', delta: 'via socket' }, { type: 'finish' }]) });
const okHttp = () => vi.fn<typeof fetch>(() => Promise.resolve(streamingResponse(['0:"via http"\nd:{"finishReason":"stop"}\n'])));
const notFound = () => vi.fn<typeof fetch>(() => Promise.resolve(new Response('Not found', { status: 404 })));

async function chat(openSocket: ReturnType<typeof fakeAgents>['factory'], fetchImpl: typeof fetch) {
  const events: PlaygroundEvent[] = [];
  const outcome = await streamChat(req, new AbortController().signal, (e) => events.push(e), { openSocket, fetchImpl, deadlines });
  return { outcome, text: events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('') };
}

beforeEach(() => fakeBrowser.reset());

describe('playground client: transport choice', () => {
  it('uses the socket first and does not touch HTTP when it works', async () => {
    const http = okHttp();
    const { outcome, text } = await chat(okSocket().factory, http);
    expect(outcome.transport).toBe('socket');
    expect(text).toBe('via socket');
    expect(http).not.toHaveBeenCalled();
  });

  it('falls back to HTTP when the socket is refused, and remembers it', async () => {
    const refused = fakeAgents({ refuse: true });
    const { outcome, text } = await chat(refused.factory, okHttp());
    expect(outcome.transport).toBe('http');
    expect(text).toBe('via http');
    expect(await rememberedTransport()).toBe('http');
    // Next time HTTP goes first: the socket is not even opened.
    const again = fakeAgents({ refuse: true });
    await chat(again.factory, okHttp());
    expect(again.server.urls).toHaveLength(0);
  });

  it('goes back to the socket when the remembered HTTP route answers 404', async () => {
    await fakeBrowser.storage.local.set({ 'playground:transport': 'http' });
    const { outcome, text } = await chat(okSocket().factory, notFound());
    expect(outcome.transport).toBe('socket');
    expect(text).toBe('via socket');
    expect(await rememberedTransport()).toBe('socket');
  });

  it('forgets the transport and the model list after a challenge', async () => {
    await fakeBrowser.storage.local.set({ 'playground:transport': 'http', 'playground:models': { models: [{ id: 'x' }], source: 'http', fetchedAt: Date.now() } });
    const challenge = vi.fn<typeof fetch>(() =>
      Promise.resolve(new Response('<title>Just a moment...</title>', { status: 403, headers: { 'cf-mitigated': 'challenge' } })),
    );
    const { outcome } = await chat(fakeAgents({ refuse: true }).factory, challenge);
    expect(outcome.event).toMatchObject({ type: 'error', code: 'challenge' });
    expect(await fakeBrowser.storage.local.get(['playground:transport', 'playground:models'])).toEqual({});
  });

  it('does not retry on the other transport once text was shown', async () => {
    const dropping = fakeAgents({
      script: (frame, s) => {
        if (frame.type === 'rpc') s.push({ type: 'rpc', id: frame.id, done: true });
        if (frame.type !== 'cf_agent_use_chat_request') return;
        s.push({ body: JSON.stringify({ type: 'text-delta', id: 't', delta: 'part' }), done: false, id: frame.id, type: 'cf_agent_use_chat_response' });
        s.close();
      },
    });
    const http = okHttp();
    const { outcome, text } = await chat(dropping.factory, http);
    expect(text).toBe('part');
    expect(outcome.event).toMatchObject({ code: 'network' });
    expect(http).not.toHaveBeenCalled();
  });
});

describe('playground client: the tab fallback', () => {
  it('streams over the tab socket and reports transport "tab"', async () => {
    const events: PlaygroundEvent[] = [];
    const outcome = await streamChatInTab(req, new AbortController().signal, (e) => events.push(e), okSocket().factory, deadlines);
    expect(outcome).toMatchObject({ transport: 'tab', event: { type: 'finish' } });
    expect(events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('')).toBe('via socket');
  });

  it('a socket refused inside the playground tab means the check still blocks: challenge, not network', async () => {
    const outcome = await streamChatInTab(req, new AbortController().signal, () => {}, fakeAgents({ refuse: true }).factory, deadlines);
    expect(outcome).toEqual({ transport: 'tab', event: { type: 'error', code: 'challenge', message: TAB_REFUSED_MESSAGE } });
  });
});
