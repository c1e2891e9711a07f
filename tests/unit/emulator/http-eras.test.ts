import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server';
import { capture, fixture, normalise, TestSocket, UpgradeRejected } from './helpers';

const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.configure({ mode: 'era-b', faults: { active: [], times: {} }, answerTokens: null, reasoning: false });
  emu.clearLog();
});

function post(body: unknown, path = '/api/inference', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(emu.origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const userMsg = (text: string): unknown => ({ role: 'user', content: text, parts: [{ type: 'text', text }] });

describe('Era B (AI SDK v4 data stream)', () => {
  it('matches era-b-inference-ok.http byte for byte (ids and usage normalised), headers included', async () => {
    const cap = capture('era-b-inference-ok.http');
    const res = await post({ model: LLAMA, messages: [userMsg('Hi')], max_tokens: 512, system_message: 'You are a helpful assistant', tools: [] });
    expect(res.status).toBe(cap.status);
    for (const [k, v] of Object.entries(cap.headers)) expect(res.headers.get(k), k).toBe(v);
    const body = await res.text();
    expect(normalise(body)).toBe(normalise(cap.body));
  });

  it('accepts content-only messages (era-b-inference-content-only.http)', async () => {
    const cap = capture('era-b-inference-content-only.http');
    const res = await post({ model: LLAMA, messages: [{ role: 'user', content: 'Hi' }] });
    expect(normalise(await res.text())).toBe(normalise(cap.body));
  });

  it('falls back to parts when there is no content', async () => {
    const res = await post({ model: LLAMA, messages: [{ role: 'user', parts: [{ type: 'text', text: 'Only parts' }] }] });
    const text = (await res.text())
      .split('\n')
      .filter((l) => l.startsWith('0:'))
      .map((l) => JSON.parse(l.slice(2)) as string)
      .join('');
    expect(text).toBe('Hello! You said: Only parts');
  });

  it('answers 400 with an empty body for an unknown model (era-b-inference-badmodel.http)', async () => {
    const cap = capture('era-b-inference-badmodel.http');
    const res = await post({ model: '@cf/nope/nope', messages: [userMsg('Hi')] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-length')).toBe(cap.headers['content-length']);
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('lists text-generation models on GET /api/models', async () => {
    const res = await fetch(`${emu.origin}/api/models`);
    expect(res.headers.get('content-type')).toBe('application/json');
    const { models } = (await res.json()) as { models: { name: string; task: { name: string } }[] };
    expect(models.length).toBeGreaterThan(3);
    expect(models.every((m) => m.task.name === 'Text Generation' && !m.name.includes('-lora'))).toBe(true);
    expect(models.map((m) => m.name)).toContain(LLAMA);
  });

  it('emits g: reasoning lines for /reason', async () => {
    const body = await (await post({ model: LLAMA, messages: [userMsg('/reason why')] })).text();
    const lines = body.trim().split('\n');
    expect(lines[0]).toMatch(/^f:/);
    expect(lines[1]).toMatch(/^g:"/);
    expect(lines.findIndex((l) => l.startsWith('0:'))).toBeGreaterThan(lines.findLastIndex((l) => l.startsWith('g:')));
    expect(lines.at(-1)).toMatch(/^d:/);
  });

  it('gives an N-token markdown answer for /long N', async () => {
    const body = await (await post({ model: LLAMA, messages: [userMsg('please /long 120')] })).text();
    const tokens = body.split('\n').filter((l) => l.startsWith('0:'));
    expect(tokens).toHaveLength(120);
    const text = tokens.map((l) => JSON.parse(l.slice(2)) as string).join('');
    expect(text).toContain('## Section 1');
    expect(text).toContain('```ts');
    expect(text).toContain('| --- | --- |');
    expect(text).toContain('- first point');
  });

  it('answers 404 Not found to a CORS preflight and to unknown routes', async () => {
    const pre = await fetch(`${emu.origin}/api/inference`, { method: 'OPTIONS', headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(404);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const nf = await fetch(`${emu.origin}/nope`);
    expect(nf.status).toBe(404);
    expect(nf.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await nf.text()).toBe(fixture('not-found-404.txt'));
  });
});

describe('Era C (AI SDK v5 UI message SSE)', () => {
  beforeEach(() => emu.configure({ mode: 'era-c' }));

  it('matches era-c-inference-ok.http byte for byte (ids normalised), headers included', async () => {
    const cap = capture('era-c-inference-ok.http');
    const res = await post({ model: LLAMA, messages: [{ id: 'a', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }], trigger: 'submit-message' });
    expect(res.status).toBe(200);
    for (const [k, v] of Object.entries(cap.headers)) expect(res.headers.get(k), k).toBe(v);
    expect(normalise(await res.text())).toBe(normalise(cap.body));
  });

  it('answers 500 with the captured TypeError when a message has no parts', async () => {
    const cap = capture('era-c-inference-content-only.http');
    const res = await post({ model: LLAMA, messages: [{ role: 'user', content: 'Hi' }] });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe(cap.headers['content-type']);
    expect(await res.text()).toBe(cap.body);
  });

  it('answers 400 empty for an unknown model and 404 for /api/models', async () => {
    const bad = await post({ model: 'nope', messages: [userMsg('Hi')] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('');
    const models = await fetch(`${emu.origin}/api/models`);
    expect(models.status).toBe(404);
    expect(await models.text()).toBe(capture('era-c-models-404.http').body);
  });

  it('streams reasoning-* chunks before the text for a reasoning model', async () => {
    const body = await (await post({ model: '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b', messages: [userMsg('Hi')] })).text();
    const types = body
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => (JSON.parse(e.slice(6)) as { type: string }).type);
    expect(types.slice(0, 3)).toEqual(['start', 'start-step', 'reasoning-start']);
    expect(types.indexOf('reasoning-end')).toBeLessThan(types.indexOf('text-start'));
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('Era A (legacy Workers AI SSE)', () => {
  beforeEach(() => emu.configure({ mode: 'era-a' }));

  it('streams data: {response} lines, a final response:"" with usage, then [DONE]', async () => {
    const res = await post({ model: LLAMA, messages: [{ role: 'user', content: 'Hi there' }], max_tokens: 2048, stream: true, lora: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)) as { response: string; usage?: { total_tokens: number } });
    expect(chunks.map((c) => c.response).join('')).toBe('Hello! You said: Hi there');
    expect(chunks.at(-1)!.response).toBe('');
    expect(chunks.at(-1)!.usage!.total_tokens).toBeGreaterThan(0);
    expect(events[0]).toContain('"p":');
  });

  it('serves {"models":[…]} and refuses the agents upgrade with a plain 404', async () => {
    const models = (await (await fetch(`${emu.origin}/api/models`)).json()) as { models: unknown[] };
    expect(Array.isArray(models.models)).toBe(true);
    const err = await TestSocket.open(`${emu.origin.replace('http', 'ws')}/agents/playground/x?_pk=1`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpgradeRejected);
    expect((err as UpgradeRejected).status).toBe(404);
  });
});

describe('every mode', () => {
  it('answers GET / with the emulator page (200)', async () => {
    for (const mode of ['ws', 'era-a', 'era-b', 'era-c'] as const) {
      emu.configure({ mode });
      const res = await fetch(`${emu.origin}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Workers AI Playground (emulator)');
    }
  });

  it('answers 404 Not found on /api/* in ws mode', async () => {
    emu.configure({ mode: 'ws' });
    for (const path of ['/api/inference', '/api/models']) {
      const res = await fetch(emu.origin + path, { method: path.endsWith('inference') ? 'POST' : 'GET', body: path.endsWith('inference') ? '{}' : undefined });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not found');
    }
  });

  it('logs requests with lowercased headers, parsed body and status', async () => {
    await post({ model: LLAMA, messages: [userMsg('Hi')] }, '/api/inference', { Cookie: 'a=b', 'X-Test': '1' }).then((r) => r.text());
    const e = await emu.waitFor((x) => x.kind === 'http' && x.path === '/api/inference');
    expect(e.method).toBe('POST');
    expect(e.status).toBe(200);
    expect(e.headers.cookie).toBe('a=b');
    expect(e.headers['x-test']).toBe('1');
    expect((e.body as { model: string }).model).toBe(LLAMA);
  });
});
