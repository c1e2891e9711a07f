// Issue #14: the connection doctor's real probes, against fake sockets and fetch.
import { describe, expect, it } from 'vitest';
import { eraOfBody } from '@/lib/playground/chat-probe';
import { NO_SUCH_MODEL, probeClearance, probeInferenceRoute, probePage, probeSocketSession } from '@/lib/playground/diagnostics';
import type { SocketFactory, SocketHandlers } from '@/lib/playground/socket';

/** A socket that opens, sends the opening frames, and answers getModels with `reply`. */
function fakeSocket(opening: string[], reply: (id: string) => string | null, refuse = false): { factory: SocketFactory; sent: string[] } {
  const sent: string[] = [];
  const factory: SocketFactory = (_url, handlers: SocketHandlers) => {
    queueMicrotask(() => {
      if (refuse) return handlers.onClose({ code: 1006, reason: '', opened: false });
      handlers.onOpen();
      for (const frame of opening) handlers.onText(frame);
    });
    return {
      send(data) {
        sent.push(data);
        const frame = JSON.parse(data) as { id: string; method?: string };
        const answer = frame.method === 'getModels' ? reply(frame.id) : null;
        if (answer) queueMicrotask(() => handlers.onText(answer));
      },
      close() {},
    };
  };
  return { factory, sent };
}

const ROWS = [
  { name: '@cf/meta/llama-3.2-1b-instruct', task: { name: 'Text Generation' } },
  { name: '@cf/baai/bge-m3', task: { name: 'Text Embeddings' } },
];

describe('probeSocketSession', () => {
  it('records the opening frames and counts text models from getModels', async () => {
    const { factory } = fakeSocket(
      ['{"type":"cf_agent_identity","name":"x","agent":"playground"}', '{"type":"cf_agent_state","state":{}}'],
      (id) => JSON.stringify({ type: 'rpc', id, done: true, success: true, result: ROWS }),
    );
    const probe = await probeSocketSession(factory);
    expect(probe).toMatchObject({ opened: true, identity: true, state: true, models: { ok: true, rows: 2, textModels: 1, ids: ['@cf/meta/llama-3.2-1b-instruct'] } });
    expect(probe.frameTypes).toEqual(['cf_agent_identity', 'cf_agent_state', 'rpc']);
  });

  it('a refused socket and a failed rpc are facts, not exceptions', async () => {
    expect(await probeSocketSession(fakeSocket([], () => null, true).factory)).toMatchObject({ opened: false, closeCode: 1006, state: false, models: { ok: false } });
    const failing = fakeSocket(['{"type":"cf_agent_state","state":{}}'], (id) => JSON.stringify({ type: 'rpc', id, success: false, error: 'Method getModels is not callable' }));
    expect((await probeSocketSession(failing.factory)).models).toEqual({ ok: false, error: 'Method getModels is not callable' });
  });

  it('without a state frame it still asks for the models after the wait', async () => {
    const { factory, sent } = fakeSocket([], (id) => JSON.stringify({ type: 'rpc', id, success: true, result: ROWS }));
    const probe = await probeSocketSession(factory, { stateWaitMs: 5 });
    expect(probe.state).toBe(false);
    expect(probe.models.ok).toBe(true);
    expect(sent).toHaveLength(1);
  });
});

describe('HTTP probes', () => {
  const respond = (status: number, body: string, headers: Record<string, string> = {}) => () => Promise.resolve(new Response(body, { status, headers }));

  it('page: a challenge is recognised from cf-mitigated', async () => {
    const probe = await probePage(respond(403, '<!DOCTYPE html><title>Just a moment...</title>', { 'cf-mitigated': 'challenge' }));
    expect(probe).toMatchObject({ status: 403, challenge: true, format: 'html' });
    expect(probe.text).toBeUndefined();
  });

  it('inference route: asks for a model that does not exist, so nothing is generated', async () => {
    let sentBody = '';
    const probe = await probeInferenceRoute((_url, init) => {
      sentBody = init?.body as string;
      return Promise.resolve(new Response(null, { status: 400 }));
    });
    expect(probe.status).toBe(400);
    expect(JSON.parse(sentBody)).toMatchObject({ model: NO_SUCH_MODEL, max_tokens: 1 });
  });

  it('clearance: the same request with and without credentials', async () => {
    const modes: string[] = [];
    const probe = await probeClearance((_url, init) => {
      modes.push(String(init?.credentials));
      return Promise.resolve(init?.credentials === 'include' ? new Response('Not found', { status: 404 }) : new Response('<title>Just a moment...</title>', { status: 403 }));
    });
    expect(modes.sort()).toEqual(['include', 'omit']);
    expect(probe.withCookies).toMatchObject({ status: 404, challenge: false, text: 'Not found' });
    expect(probe.withoutCookies.challenge).toBe(true);
  });

  it('network failure gives status 0 and the reason', async () => {
    expect(await probePage(() => Promise.reject(new TypeError('Failed to fetch')))).toEqual({ status: 0, challenge: false, error: 'Failed to fetch' });
  });
});

describe('eraOfBody', () => {
  it('names the era from the first bytes', () => {
    expect(eraOfBody('f:{"messageId":"m"}\n0:"ok"\n')).toBe('B');
    expect(eraOfBody('data: {"type":"start"}\n\n')).toBe('C');
    expect(eraOfBody('data: {"response":"ok","p":"x"}\n\n')).toBe('A');
    expect(eraOfBody('hello')).toBe('unknown');
  });
});
