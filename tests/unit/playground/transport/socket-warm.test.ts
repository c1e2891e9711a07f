// Warm sockets (issue #16): the handshake ahead of Enter, never a model request, closed when idle,
// and never used for another instance.
import { describe, expect, it } from 'vitest';
import { streamChat } from '@/lib/playground/client';
import type { PlaygroundEvent } from '@/lib/playground/events';
import type { SocketFactory } from '@/lib/playground/socket';
import { WarmSockets } from '@/lib/playground/socket-warm';
import type { ChatRequest } from '@/lib/playground/types';
import { fakeAgents, replyWith, type FakeServer } from './fakes';

const config = { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', system: 'Be brief.', temperature: 0.3 };
const request = (sessionName: string, model = config.model): ChatRequest => ({
  requestId: `req_${sessionName}`,
  sessionName,
  messages: [{ id: 'm0', role: 'user', text: 'Hi' }],
  ...config,
  model,
});
const deadlines = { firstByteMs: 2_000, silenceMs: 2_000, totalMs: 5_000 };
const answer = [{ type: 'text-delta', id: 't', delta: 'Hello' }, { type: 'finish', messageMetadata: { finishReason: 'stop' } }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake agents server, with every socket's closes recorded (a real socket reports its own close). */
function agents(): { factory: SocketFactory; server: FakeServer; closed: string[] } {
  const { factory: inner, server } = fakeAgents({ script: replyWith(answer) });
  const closed: string[] = [];
  const factory: SocketFactory = (url, handlers) => {
    const socket = inner(url, handlers);
    let done = false;
    return {
      send: (data) => socket.send(data),
      close(code = 1000, reason = '') {
        if (done) return;
        done = true;
        closed.push(url);
        handlers.onClose({ code, reason, opened: true });
      },
    };
  };
  return { factory, server, closed };
}

const sentTypes = (server: FakeServer) => server.sent.map((f) => (f.type === 'rpc' ? `rpc ${String(f.method)}` : f.type));
const instanceOf = (url: string) => url.split('/agents/playground/')[1].split('?')[0];

async function ask(pool: WarmSockets, factory: SocketFactory, req: ChatRequest) {
  const events: PlaygroundEvent[] = [];
  const outcome = await streamChat(req, new AbortController().signal, (e) => events.push(e), { openSocket: factory, warm: pool, deadlines });
  return { outcome, text: events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('') };
}

describe('warm sockets', () => {
  it('does the handshake when warmed and sends no model request, then Enter sends only the chat on that socket', async () => {
    const { factory, server } = agents();
    const pool = new WarmSockets(factory);
    pool.warm('panel', 'inst-a', config);
    await sleep(30);
    expect(server.urls.map(instanceOf)).toEqual(['inst-a']);
    // Only the handshake: our state and setConfig, answered; nothing that asks the model.
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig']);
    expect(server.sent[0].state).toMatchObject({ model: config.model, system: 'Be brief.', temperature: 0.3 });

    const { outcome, text } = await ask(pool, factory, request('inst-a'));
    expect(outcome).toEqual({ event: { type: 'finish', reason: 'stop' }, transport: 'socket' });
    expect(text).toBe('Hello');
    expect(server.urls).toHaveLength(1); // no second socket
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
    // Taken out of the pool by the request, then handed back when the answer finished (kept for a follow-up).
    expect(pool.size).toBe(1);
  });

  it('closes an unused warm socket after the idle time, having sent no model request', async () => {
    const { factory, server, closed } = agents();
    const pool = new WarmSockets(factory, 60);
    pool.warm('panel', 'inst-a', config);
    await sleep(20);
    expect(pool.size).toBe(1);
    await sleep(100);
    expect(closed.map(instanceOf)).toEqual(['inst-a']);
    expect(pool.size).toBe(0);
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig']);
    // Nothing left to take: a request now opens its own socket.
    expect(pool.take('inst-a')).toBeUndefined();
  });

  it('never hands a warm socket to another instance, and the owner warming another closes the old one', async () => {
    const { factory, server, closed } = agents();
    const pool = new WarmSockets(factory);
    pool.warm('panel', 'inst-a', config);
    await sleep(20);
    const { outcome } = await ask(pool, factory, request('inst-b'));
    expect(outcome.event.type).toBe('finish');
    // inst-b got a socket of its own; the chat never went over inst-a's.
    expect(server.urls.map(instanceOf)).toEqual(['inst-a', 'inst-b']);
    const chats = server.sent.filter((f) => f.type === 'cf_agent_use_chat_request');
    expect(chats.map((f) => f.id)).toEqual(['req_inst-b']);
    // inst-a still warm, and inst-b's socket kept after its answer.
    expect(pool.size).toBe(2);
    // The panel switches conversation: its inst-a socket is closed, inst-c is warmed.
    pool.warm('panel', 'inst-c', config);
    expect(closed.map(instanceOf)).toContain('inst-a');
    expect(pool.take('inst-a')).toBeUndefined();
    pool.release('panel');
    expect(closed.map(instanceOf)).toContain('inst-c');
    expect(pool.size).toBe(1);
  });

  it('configures again on the warm socket when the request uses another model', async () => {
    const { factory, server } = agents();
    const pool = new WarmSockets(factory);
    pool.warm('panel', 'inst-a', config);
    await sleep(20);
    await ask(pool, factory, request('inst-a', '@cf/other/model'));
    expect(server.urls).toHaveLength(1);
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig', 'cf_agent_state', 'rpc setConfig', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
    expect(server.sent[2].state).toMatchObject({ model: '@cf/other/model' });
  });

  it('hands over a socket still opening: the transport finishes the handshake on it', async () => {
    const { factory, server } = agents();
    const pool = new WarmSockets(factory);
    pool.warm('panel', 'inst-a', config);
    const { text } = await ask(pool, factory, request('inst-a'));
    expect(text).toBe('Hello');
    expect(server.urls).toHaveLength(1);
    expect(sentTypes(server).filter((t) => t === 'cf_agent_use_chat_request')).toHaveLength(1);
  });

  it('gives a new conversation the instance warmed for it, once', async () => {
    const { factory, server } = agents();
    const pool = new WarmSockets(factory);
    pool.warmNew('panel', config);
    pool.warmNew('panel', config); // the same surface again: still one
    await sleep(20);
    expect(server.urls).toHaveLength(1);
    const name = pool.claimNew();
    expect(name).toBe(instanceOf(server.urls[0]));
    expect(pool.claimNew()).toBeUndefined();
    const { text } = await ask(pool, factory, request(name!));
    expect(text).toBe('Hello');
    expect(server.urls).toHaveLength(1);
  });

  it('takes over a handshake in progress without a second setConfig: the chat goes on the warm one\'s reply', async () => {
    // The setConfig reply comes late (a real network): Enter lands between our setConfig and its reply.
    let replyTo: (() => void) | undefined;
    const { factory, server } = fakeAgents({
      script: (frame, srv) => {
        if (frame.type === 'rpc' && frame.method === 'setConfig') replyTo = () => srv.push({ type: 'rpc', id: frame.id, done: true, success: true, result: null });
        else replyWith(answer)(frame, srv);
      },
    });
    const pool = new WarmSockets(factory);
    pool.warm('panel', 'inst-a', config);
    await sleep(30);
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig']);
    const asked = ask(pool, factory, request('inst-a'));
    await sleep(20);
    // Still waiting for that one reply: no second handshake, no chat yet.
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig']);
    replyTo?.();
    const { text } = await asked;
    expect(text).toBe('Hello');
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
  });

  it('keeps a finished answer\'s socket for a follow-up on that instance: no new socket, no new handshake', async () => {
    const { factory, server, closed } = agents();
    const pool = new WarmSockets(factory, 80);
    // No warm socket at all: the first answer opens its own.
    const first = await ask(pool, factory, request('inst-a'));
    expect(first.text).toBe('Hello');
    expect(closed).toEqual([]);
    expect(pool.size).toBe(1);
    const again = await ask(pool, factory, { ...request('inst-a'), requestId: 'req_follow-up' });
    expect(again.text).toBe('Hello');
    expect(server.urls).toHaveLength(1);
    expect(sentTypes(server)).toEqual(['cf_agent_state', 'rpc setConfig', 'cf_agent_chat_clear', 'cf_agent_use_chat_request', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
    // Idle: closed after the warm idle time, having sent nothing more.
    await sleep(150);
    expect(closed.map(instanceOf)).toEqual(['inst-a']);
    expect(pool.size).toBe(0);
    expect(sentTypes(server)).toHaveLength(6);
  });

  it('closes the socket of an answer that did not finish (stopped or failed) instead of keeping it', async () => {
    const { factory, server } = fakeAgents({ script: replyWith([{ type: 'error', errorText: 'boom' }]) });
    const closed: string[] = [];
    const counting: SocketFactory = (url, handlers) => {
      const socket = factory(url, handlers);
      return { send: (d) => socket.send(d), close: () => closed.push(url) };
    };
    const pool = new WarmSockets(counting);
    const { outcome } = await ask(pool, counting, request('inst-a'));
    expect(outcome.event.type).toBe('error');
    expect(pool.size).toBe(0);
    expect(closed.map(instanceOf)).toEqual(['inst-a']);
    expect(server.urls).toHaveLength(1);
  });

  it('a surface warming the instance of a kept socket takes that socket over: no second socket, closed with the surface', async () => {
    const { factory, server, closed } = agents();
    const pool = new WarmSockets(factory);
    await ask(pool, factory, request('inst-a'));
    expect(pool.size).toBe(1);
    pool.warm('panel', 'inst-a', config);
    await sleep(20);
    expect(server.urls).toHaveLength(1);
    expect(pool.size).toBe(1);
    pool.release('panel');
    expect(closed.map(instanceOf)).toEqual(['inst-a']);
    expect(pool.size).toBe(0);
  });
});
