import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorConfig } from '../../emulator/server';
import { capture, chatRequest, chatText, eraDFrames, fixture, normalise, sleep, TestSocket, UpgradeRejected } from './helpers';

const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
let emu: Emulator;
const open: TestSocket[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.configure({
    mode: 'ws',
    tokenDelayMs: 0,
    challengeCleared: false,
    faults: { active: [], times: {}, dripMs: 30, stallAfterTokens: 2, dropAfterTokens: 2, retryAfterSeconds: 2, restartMs: 1000, inbandErrorAfterTokens: null, challengeDelayMs: null },
  });
  emu.clearLog();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const wsUrl = (name = 'f'): string => `${emu.origin.replace('http', 'ws')}/agents/playground/${name}?_pk=00000000-0000-4000-8000-000000000000`;

async function connect(headers: Record<string, string> = {}): Promise<TestSocket> {
  const s = await TestSocket.open(wsUrl(), headers);
  open.push(s);
  await s.until(() => s.frames.length >= 3);
  return s;
}

function inference(headers: Record<string, string> = {}, text = 'Hi', signal?: AbortSignal): Promise<Response> {
  return fetch(`${emu.origin}/api/inference`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: LLAMA, messages: [{ id: 'm0', role: 'user', content: text, parts: [{ type: 'text', text }] }] }),
    signal,
  });
}

/** Read a body until `cond(text)` or `ms` of silence; returns the text and whether the body ended. */
async function readUntilSilent(res: Response, ms: number): Promise<{ text: string; ended: boolean; error?: unknown }> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<'silent'>((r) => (timer = setTimeout(() => r('silent'), ms)));
    try {
      const r = await Promise.race([reader.read(), silent]);
      clearTimeout(timer);
      if (r === 'silent') {
        void reader.cancel().catch(() => undefined);
        return { text, ended: false };
      }
      if (r.done) return { text, ended: true };
      text += dec.decode(r.value, { stream: true });
    } catch (error) {
      clearTimeout(timer);
      return { text, ended: false, error };
    }
  }
}

describe('challenge', () => {
  beforeEach(() => emu.configure({ faults: { active: ['challenge'] } }));

  it('answers 403 with cf-mitigated and the challenge page on HTTP and on the upgrade', async () => {
    emu.configure({ mode: 'era-b' });
    const res = await inference();
    expect(res.status).toBe(403);
    expect(res.headers.get('cf-mitigated')).toBe('challenge');
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.headers.get('server')).toBe('cloudflare');
    expect(await res.text()).toBe(fixture('error-403.html'));
    emu.configure({ mode: 'ws' });
    const err = (await TestSocket.open(wsUrl()).catch((e: unknown) => e)) as UpgradeRejected;
    expect(err).toBeInstanceOf(UpgradeRejected);
    expect(err.status).toBe(403);
    expect(err.headers['cf-mitigated']).toBe('challenge');
    expect(err.body).toContain('<title>Just a moment...</title>');
  });

  it('clears after GET / sets cf_clearance; configure({challengeCleared:false}) revokes it', async () => {
    const home = await fetch(`${emu.origin}/`);
    expect(home.status).toBe(200);
    const cookies = home.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('cf_clearance='))).toMatch(/SameSite=None/);
    expect(cookies.find((c) => c.startsWith('cf_clearance='))).toMatch(/Secure/);
    expect(cookies.find((c) => c.startsWith('cf_clearance_lax='))).toMatch(/SameSite=Lax/);
    const jar = cookies.map((c) => c.split(';')[0]).join('; ');
    const strictOnly = cookies.find((c) => c.startsWith('cf_clearance='))!.split(';')[0];
    const laxOnly = cookies.find((c) => c.startsWith('cf_clearance_lax='))!.split(';')[0];
    expect(emu.config.challengeCleared).toBe(true);

    const s = await connect({ Cookie: strictOnly });
    expect(s.frames).toHaveLength(3);
    emu.configure({ mode: 'era-c' });
    expect((await inference({ Cookie: laxOnly })).status).toBe(200);
    expect((await inference()).status).toBe(403);

    emu.configure({ challengeCleared: false });
    expect((await inference({ Cookie: jar })).status).toBe(403);
  });

  it('stops after `times` blocked requests', async () => {
    emu.configure({ mode: 'era-b', faults: { times: { challenge: 1 } } });
    expect((await inference()).status).toBe(403);
    expect((await inference()).status).toBe(200);
    expect(emu.config.faults.active).not.toContain('challenge');
  });
});

describe('challengeDelayMs: the interstitial that clears on a later visit', () => {
  beforeEach(() => emu.configure({ faults: { active: ['challenge'], challengeDelayMs: 200 } }));

  it('GET / first serves the challenge page with Refresh and a pending cookie; a visit 200 ms later clears', async () => {
    const first = await fetch(`${emu.origin}/`);
    expect(first.status).toBe(403);
    expect(first.headers.get('cf-mitigated')).toBe('challenge');
    expect(first.headers.get('refresh')).toBe('1');
    expect(await first.text()).toContain('<title>Just a moment...</title>');
    const pending = first.headers.getSetCookie().map((c) => c.split(';')[0]);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatch(/^cf_chl_pending=\d+$/);
    expect(emu.config.challengeCleared).toBe(false);

    const tooSoon = await fetch(`${emu.origin}/`, { headers: { Cookie: pending[0] } });
    expect(tooSoon.status).toBe(403);
    expect(tooSoon.headers.getSetCookie()[0].split(';')[0]).toBe(pending[0]); // the clock is not restarted
    await sleep(220);
    const cleared = await fetch(`${emu.origin}/`, { headers: { Cookie: pending[0] } });
    expect(cleared.status).toBe(200);
    expect(await cleared.text()).toContain('Workers AI Playground (emulator)');
    const jar = cleared.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(emu.config.challengeCleared).toBe(true);
    emu.configure({ mode: 'era-c' });
    expect((await inference({ Cookie: jar })).status).toBe(200);
  });

  it('without the pending cookie the page never clears', async () => {
    await fetch(`${emu.origin}/`);
    await sleep(220);
    expect((await fetch(`${emu.origin}/`)).status).toBe(403);
  });
});

describe('challenge-persistent', () => {
  beforeEach(() => emu.configure({ faults: { active: ['challenge-persistent'] } }));

  it('GET / answers 200 and sets the cookies, but every other route stays 403 with them', async () => {
    const home = await fetch(`${emu.origin}/`);
    expect(home.status).toBe(200);
    const jar = home.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(jar).toMatch(/cf_clearance=/);
    emu.configure({ mode: 'era-c' });
    const res = await inference({ Cookie: jar });
    expect(res.status).toBe(403);
    expect(res.headers.get('cf-mitigated')).toBe('challenge');
    expect(emu.log.at(-1)?.fault).toBe('challenge-persistent');
    emu.configure({ mode: 'ws' });
    const err = (await TestSocket.open(wsUrl(), { Cookie: jar }).catch((e: unknown) => e)) as UpgradeRejected;
    expect(err).toBeInstanceOf(UpgradeRejected);
    expect(err.status).toBe(403);
  });

  it('stops after `times` blocked requests', async () => {
    emu.configure({ mode: 'era-b', faults: { times: { 'challenge-persistent': 2 } } });
    expect((await inference()).status).toBe(403);
    expect((await inference()).status).toBe(403);
    expect((await inference()).status).toBe(200);
    expect(emu.config.faults.active).toEqual([]);
  });
});

describe('partitioned-clearance', () => {
  beforeEach(() => emu.configure({ faults: { active: ['partitioned-clearance'] } }));

  it('GET / sets only a Partitioned cookie; only that cookie passes', async () => {
    const home = await fetch(`${emu.origin}/`);
    expect(home.status).toBe(200);
    const cookies = home.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^cf_clearance_p=[\w-]+; Path=\/; Max-Age=3600; HttpOnly; Secure; SameSite=None; Partitioned$/);
    const partitioned = cookies[0].split(';')[0];
    const token = partitioned.split('=')[1];
    expect(emu.config.challengeCleared).toBe(true);

    emu.configure({ mode: 'era-c' });
    const blocked = await inference({ Cookie: `cf_clearance=${token}; cf_clearance_lax=${token}` });
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('cf-mitigated')).toBe('challenge');
    expect(emu.log.at(-1)?.fault).toBe('partitioned-clearance');
    expect((await inference({ Cookie: partitioned })).status).toBe(200);
    emu.configure({ mode: 'ws' });
    expect((await connect({ Cookie: partitioned })).frames).toHaveLength(3);
    const err = (await TestSocket.open(wsUrl()).catch((e: unknown) => e)) as UpgradeRejected;
    expect(err.status).toBe(403);

    emu.configure({ challengeCleared: false });
    emu.configure({ mode: 'era-c' });
    expect((await inference({ Cookie: partitioned })).status).toBe(403);
  });

  it('combined with challenge: the unpartitioned cookies do not clear it', async () => {
    emu.configure({ mode: 'era-c', faults: { active: ['challenge', 'partitioned-clearance'] } });
    const home = await fetch(`${emu.origin}/`);
    const cookies = home.headers.getSetCookie().map((c) => c.split(';')[0]);
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['cf_clearance', 'cf_clearance_lax', 'cf_clearance_p']);
    expect((await inference({ Cookie: cookies.filter((c) => !c.startsWith('cf_clearance_p')).join('; ') })).status).toBe(403);
    expect((await inference({ Cookie: cookies.join('; ') })).status).toBe(200);
  });
});

describe('rate-limit', () => {
  it('HTTP eras: 429 with Retry-After, then passes after `times`', async () => {
    emu.configure({ mode: 'era-c', faults: { active: ['rate-limit'], times: { 'rate-limit': 1 }, retryAfterSeconds: 7 } });
    const res = await inference();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await res.text()).length).toBeGreaterThan(0);
    expect((await inference()).status).toBe(200);
  });

  it('ws: start, in-band 3021 error, done — byte-identical to error-thrown-by-binding', async () => {
    emu.configure({ faults: { active: ['rate-limit'] } });
    const s = await connect();
    s.send(chatRequest('req_x', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('req_x');
    expect(frames.map((f) => f.raw)).toEqual(eraDFrames('error-thrown-by-binding', 'in').slice(3));
  });
});

describe('inband-error', () => {
  beforeEach(() => emu.configure({ faults: { active: ['inband-error'] } }));

  it('era-b: the body is exactly 3:"Error during inference"', async () => {
    emu.configure({ mode: 'era-b' });
    const res = await inference();
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toBe(capture('era-b-inference-error-throw.http').body);
    expect(body).toBe(fixture('aisdk-datastream-error.txt'));
  });

  it('era-c: start, error chunk, [DONE]', async () => {
    emu.configure({ mode: 'era-c' });
    const body = await (await inference()).text();
    expect(body).toBe(capture('era-c-inference-error-throw.http').body);
    expect(body).toBe(fixture('aisdk-uimessage-sse-error.txt'));
  });

  it('era-a: an invented data: {"error":…} event, then [DONE]', async () => {
    emu.configure({ mode: 'era-a' });
    expect(await (await inference()).text()).toBe('data: {"error":"Error during inference"}\n\ndata: [DONE]\n\n');
  });

  it('ws: start, error frame, done (agents-ws-frames-error.jsonl)', async () => {
    const s = await connect();
    s.send(chatRequest('kq3VdJ0m', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('kq3VdJ0m');
    expect(frames.map((f) => f.raw)).toEqual(fixture('agents-ws-frames-error.jsonl').split('\n').filter(Boolean));
  });
});

describe('inband-error mid-stream (inbandErrorAfterTokens)', () => {
  beforeEach(() => emu.configure({ faults: { active: ['inband-error'], inbandErrorAfterTokens: 1 } }));
  afterEach(() => emu.configure({ faults: { inbandErrorAfterTokens: null } }));

  it('ws: one frame with error and done together (capture error-mid-stream-rpc-artefact)', async () => {
    const s = await connect();
    s.send(chatRequest('req_x', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('req_x');
    expect(frames.map((f) => normalise(f.raw))).toEqual(eraDFrames('error-mid-stream-rpc-artefact', 'in').slice(3).map(normalise));
  });

  it('era-b / era-c: the body stops after the token and stays open, as captured', async () => {
    for (const mode of ['era-b', 'era-c'] as const) {
      emu.configure({ mode, faults: { active: ['inband-error'] } });
      const ac = new AbortController();
      const r = await readUntilSilent(await inference({}, 'Hi', ac.signal), 150);
      ac.abort();
      expect(r.ended, mode).toBe(false);
      expect(normalise(r.text), mode).toBe(normalise(capture(`${mode}-inference-error-mid.http`).body));
    }
  });
});

describe('slow-drip', () => {
  it('spaces tokens dripMs apart (http and ws)', async () => {
    emu.configure({ mode: 'era-b', faults: { active: ['slow-drip'], dripMs: 40 } });
    let t0 = performance.now();
    const body = await (await inference({}, 'a b')).text(); // 4 tokens
    expect(performance.now() - t0).toBeGreaterThanOrEqual(4 * 40 - 10);
    expect(body).toContain('d:{');
    emu.configure({ mode: 'ws' });
    const s = await connect();
    t0 = performance.now();
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    expect(chatText(await s.chat('r1'))).toBe('Hello! You said: Hi');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(3 * 40 - 10);
  });
});

describe('stall', () => {
  it('era-c: sends stallAfterTokens tokens then goes silent with the body open', async () => {
    emu.configure({ mode: 'era-c', faults: { active: ['stall'], stallAfterTokens: 2 } });
    const ac = new AbortController();
    const r = await readUntilSilent(await inference({}, 'one two three', ac.signal), 150);
    ac.abort();
    expect(r.ended).toBe(false);
    expect(r.text.match(/text-delta/g)).toHaveLength(2);
    expect(r.text).not.toContain('[DONE]');
  });

  it('ws: goes silent after 2 tokens; a cancel still ends it with done', async () => {
    emu.configure({ faults: { active: ['stall'], stallAfterTokens: 2 } });
    const s = await connect();
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'one two three' }]));
    await s.until(() => s.frames.filter((f) => f.raw.includes('text-delta')).length === 2);
    await sleep(100);
    expect(s.frames.filter((f) => f.raw.includes('"id":"r1"')).at(-1)!.raw).toContain('text-delta');
    s.send({ type: 'cf_agent_chat_request_cancel', id: 'r1' });
    const frames = await s.chat('r1');
    expect(frames.at(-1)!.raw).toBe('{"body":"","done":true,"id":"r1","type":"cf_agent_use_chat_response"}');
  });
});

describe('drop-mid', () => {
  it('era-b: destroys the response after dropAfterTokens tokens, no d: line', async () => {
    emu.configure({ mode: 'era-b', faults: { active: ['drop-mid'], dropAfterTokens: 2 } });
    const r = await readUntilSilent(await inference({}, 'one two three'), 1000);
    expect(r.error).toBeDefined();
    expect(r.text.match(/^0:/gm), JSON.stringify(r)).toHaveLength(2);
    expect(r.text).not.toMatch(/^d:/m);
  });

  it('ws: terminates the socket (1006) after dropAfterTokens tokens', async () => {
    emu.configure({ faults: { active: ['drop-mid'], dropAfterTokens: 1 } });
    const s = await connect();
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'one two' }]));
    await s.until(() => s.closeCode !== null);
    expect(s.closeCode).toBe(1006);
    expect(s.frames.filter((f) => f.raw.includes('text-delta'))).toHaveLength(1);
    expect(s.frames.some((f) => (f.data as { done?: boolean }).done === true)).toBe(false);
  });
});

describe('malformed', () => {
  it('HTTP eras: garbage lines interleaved, a lenient client still gets the whole answer', async () => {
    const parse: Record<'era-a' | 'era-b' | 'era-c', (body: string) => string> = {
      'era-a': (b) =>
        b
          .split('\n\n')
          .map((e) => (e.startsWith('data: ') ? e.slice(6) : ''))
          .map((d) => {
            try {
              return (JSON.parse(d) as { response?: string }).response ?? '';
            } catch {
              return '';
            }
          })
          .join(''),
      'era-b': (b) =>
        b
          .split('\n')
          .filter((l) => l.startsWith('0:'))
          .map((l) => {
            try {
              return JSON.parse(l.slice(2)) as string;
            } catch {
              return '';
            }
          })
          .join(''),
      'era-c': (b) =>
        b
          .split('\n\n')
          .map((e) => {
            try {
              const c = JSON.parse(e.slice(6)) as { type?: string; delta?: string; id?: string };
              return c.type === 'text-delta' && c.id !== 'zz' ? (c.delta ?? '') : '';
            } catch {
              return '';
            }
          })
          .join(''),
    };
    for (const mode of ['era-a', 'era-b', 'era-c'] as const) {
      emu.configure({ mode, faults: { active: ['malformed'] } });
      const body = await (await inference({}, 'alpha beta gamma')).text();
      expect(parse[mode](body), mode).toBe('Hello! You said: alpha beta gamma');
      expect(body.length, mode).toBeGreaterThan(0);
      expect(body, mode).toMatch(/trunc|not json|\uFFFD|unknown/);
    }
  });

  it('ws: binary garbage, other ids, a stray rpc done; the answer still completes', async () => {
    emu.configure({ faults: { active: ['malformed'] } });
    const s = await connect();
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'alpha beta gamma delta epsilon' }]));
    const frames = await s.chat('r1');
    expect(chatText(frames)).toBe('Hello! You said: alpha beta gamma delta epsilon');
    expect(s.frames.some((f) => f.binary)).toBe(true);
    expect(s.frames.some((f) => f.raw.includes('"id":"someone-else"'))).toBe(true);
    expect(s.frames.some((f) => f.raw.includes('"type":"rpc"') && f.raw.includes('"done":true'))).toBe(true);
    expect(s.frames.some((f) => f.data === undefined && !f.binary)).toBe(true);
  });
});

describe('strict-origin', () => {
  beforeEach(() => emu.configure({ faults: { active: ['strict-origin'] } }));

  it('refuses a foreign Origin on the upgrade and on HTTP; passes its own and none', async () => {
    const err = (await TestSocket.open(wsUrl(), { Origin: 'chrome-extension://abc' }).catch((e: unknown) => e)) as UpgradeRejected;
    expect(err).toBeInstanceOf(UpgradeRejected);
    expect(err.status).toBe(403);
    expect(err.body).toBe('Forbidden origin');
    expect((await connect({ Origin: emu.origin })).frames).toHaveLength(3);
    expect((await connect()).frames).toHaveLength(3);

    emu.configure({ mode: 'era-b' });
    const res = await inference({ Origin: 'chrome-extension://abc' });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Forbidden origin');
    expect((await inference({ Origin: emu.origin })).status).toBe(200);
    const logged = await emu.waitFor((e) => e.kind === 'upgrade' && e.status === 403);
    expect(logged.fault).toBe('strict-origin');
  });

  it('combines with slow-drip', async () => {
    emu.configure({ mode: 'era-b', faults: { active: ['strict-origin', 'slow-drip'], dripMs: 20 } });
    const t0 = performance.now();
    const res = await inference({ Origin: emu.origin });
    expect((await res.text()).match(/^0:/gm)).toHaveLength(3);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(50);
  });

  it('applies to GET / too (a navigation sends no Origin)', async () => {
    expect((await fetch(`${emu.origin}/`, { headers: { Origin: 'chrome-extension://abc' } })).status).toBe(403);
    expect((await fetch(`${emu.origin}/`)).status).toBe(200);
  });

  it('does not apply to control routes', async () => {
    const res = await fetch(`${emu.origin}/__emulator/config`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
  });
});

describe('restart', () => {
  it('a chat request closes every socket, the listener refuses connections for restartMs, then comes back', async () => {
    emu.configure({ faults: { active: ['restart'], restartMs: 300 } });
    const s = await connect();
    const other = await connect();
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    await s.until(() => s.closeCode !== null);
    await other.until(() => other.closeCode !== null);
    expect(s.closeCode).toBe(1006);
    await expect(fetch(`${emu.origin}/`)).rejects.toThrow();
    expect(emu.config.faults.active).not.toContain('restart'); // one-shot
    await sleep(400);
    const back = await connect();
    back.send(chatRequest('r2', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    expect(chatText(await back.chat('r2'))).toBe('Hello! You said: Hi');
  });

  it('POST /__emulator/restart restarts on demand', async () => {
    const res = await fetch(`${emu.origin}/__emulator/restart`, { method: 'POST', body: JSON.stringify({ ms: 150 }) });
    expect(res.status).toBe(202);
    await sleep(30);
    await expect(fetch(`${emu.origin}/`)).rejects.toThrow();
    await sleep(250);
    expect((await fetch(`${emu.origin}/`)).status).toBe(200);
  });

  it('keeps trying to listen when another process holds the port after the gap (shared e2e port)', async () => {
    const restarted = emu.restart(50);
    await sleep(20);
    const squatter = http.createServer((_req, res) => res.end('squatter'));
    await new Promise<void>((resolve) => squatter.listen(emu.port, '127.0.0.1', resolve));
    await sleep(300); // the emulator's listen fails with EADDRINUSE meanwhile
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await restarted;
    expect((await fetch(`${emu.origin}/`)).status).toBe(200);
    expect(await (await fetch(`${emu.origin}/`)).text()).toContain('Workers AI Playground (emulator)');
  });
});

describe('control API', () => {
  it('GET/DELETE the log and GET/POST the config; control routes are not logged', async () => {
    emu.configure({ mode: 'era-b' });
    await (await inference()).text();
    const log = (await (await fetch(`${emu.origin}/__emulator/log`)).json()) as { kind: string; path: string; status: number }[];
    expect(log).toEqual([expect.objectContaining({ kind: 'http', path: '/api/inference', status: 200 })]);
    expect((await fetch(`${emu.origin}/__emulator/log`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${emu.origin}/__emulator/log`)).json()).toEqual([]);

    const patched = (await (
      await fetch(`${emu.origin}/__emulator/config`, { method: 'POST', body: JSON.stringify({ mode: 'era-c', faults: { active: ['slow-drip'], dripMs: 5 } }) })
    ).json()) as EmulatorConfig;
    expect(patched.mode).toBe('era-c');
    expect(patched.faults.active).toEqual(['slow-drip']);
    expect(patched.faults.dripMs).toBe(5);
    expect(patched.faults.stallAfterTokens).toBe(2); // knobs merged, not replaced
    const got = (await (await fetch(`${emu.origin}/__emulator/config`)).json()) as EmulatorConfig;
    expect(got).toEqual(patched);
    expect(emu.config.mode).toBe('era-c');

    const bad = await fetch(`${emu.origin}/__emulator/config`, { method: 'POST', body: JSON.stringify({ faults: { active: ['nope'] } }) });
    expect(bad.status).toBe(400);
  });

  it('waitFor resolves on a future entry and times out otherwise', async () => {
    emu.configure({ mode: 'era-b' });
    const p = emu.waitFor((e) => e.kind === 'http' && e.status === 400, 2000);
    await fetch(`${emu.origin}/api/inference`, { method: 'POST', body: '{"model":"nope"}' });
    expect((await p).status).toBe(400);
    await expect(emu.waitFor(() => false, 50)).rejects.toThrow(/no matching/);
  });
});
