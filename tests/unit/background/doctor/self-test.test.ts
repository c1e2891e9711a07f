// Issue #14: the self-test's step logic against each failure, with fake probes (no network).
import { describe, expect, it } from 'vitest';
import { SELF_TEST_STEPS, type StepProgress } from '@/lib/protocol/doctor';
import type { HttpProbe, SocketSessionProbe } from '@/lib/playground/diagnostics';
import { STEP_ORDER, lightestModel, runSelfTest, type DoctorProbes } from '@/lib/background/doctor/self-test';

const OK_PAGE: HttpProbe = { status: 200, challenge: false, format: 'html' };
const NOT_FOUND: HttpProbe = { status: 404, challenge: false, format: 'unknown', text: 'Not found' };
const CHALLENGE: HttpProbe = { status: 403, challenge: true, format: 'html' };
const SESSION: SocketSessionProbe = {
  opened: true,
  frameTypes: ['cf_agent_identity', 'cf_agent_state', 'cf_agent_mcp_servers', 'rpc'],
  identity: true,
  state: true,
  models: { ok: true, rows: 9, textModels: 3, ids: ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/meta/llama-3.2-1b-instruct', '@cf/qwen/qwq-32b'] },
};
const REFUSED: SocketSessionProbe = { opened: false, closeCode: 1006, frameTypes: [], identity: false, state: false, models: { ok: false, error: 'socket closed (1006)' } };

/** Era D today, everything healthy; each test overrides what breaks. */
function probes(over: Partial<DoctorProbes> = {}, calls: string[] = []): DoctorProbes {
  const log = <T>(name: string, value: T) => {
    calls.push(name);
    return Promise.resolve(value);
  };
  return {
    socketLabel: 'offscreen relay',
    page: () => log('page', OK_PAGE),
    socketSession: () => log('socket', SESSION),
    chat: (transport, model) => log(`chat:${transport}:${model}`, { ok: true, transport, era: transport === 'socket' ? 'D' : 'B', chars: 2 }),
    modelsRoute: () => log('http-models', NOT_FOUND),
    inferenceRoute: () => log('http-inference', NOT_FOUND),
    headerRules: () => log('header-rules', { installed: true, detail: 'Origin/Referer → https://playground.ai.cloudflare.com' }),
    clearance: () => log('clearance', { withCookies: NOT_FOUND, withoutCookies: NOT_FOUND }),
    ...over,
  };
}

const statuses = (report: Awaited<ReturnType<typeof runSelfTest>>) => Object.fromEntries(report.steps.map((s) => [s.step, s.status]));
const evidence = (report: Awaited<ReturnType<typeof runSelfTest>>, step: string) => report.steps.find((s) => s.step === step)!.evidence;

describe('runSelfTest', () => {
  it('runs the steps in the documented order and reports running, then the result, for each', async () => {
    expect(STEP_ORDER).toEqual(SELF_TEST_STEPS);
    const seen: StepProgress[] = [];
    const report = await runSelfTest(probes(), (p) => seen.push(p));
    expect(seen.map((p) => `${p.step}:${p.status}`)).toEqual(SELF_TEST_STEPS.flatMap((s) => [`${s}:running`, `${s}:pass`]));
    expect(report.steps.map((s) => s.step)).toEqual(SELF_TEST_STEPS);
  });

  it('healthy Era D: everything passes, HTTP 404s are expected, the verdict is socket / D', async () => {
    const calls: string[] = [];
    const report = await runSelfTest(probes({}, calls));
    expect(Object.values(statuses(report)).every((s) => s === 'pass')).toBe(true);
    expect(report.verdict).toMatchObject({ transport: 'socket', era: 'D', flarechat: 'socket' });
    expect(evidence(report, 'models')).toBe('rpc getModels: 3 text models of 9 rows');
    expect(evidence(report, 'frames')).toContain('identity and state');
    expect(evidence(report, 'http-inference')).toContain('retired since Era D');
    // The one real request goes to the lightest model, and says it is real.
    expect(calls).toContain('chat:socket:@cf/meta/llama-3.2-1b-instruct');
    expect(evidence(report, 'chat')).toMatch(/^real request to @cf\/meta\/llama-3\.2-1b-instruct via socket: answered \(2 chars\), Era D$/);
  });

  it('page behind a check: page fails, the chat is skipped (never sent), the verdict points to the tab', async () => {
    const calls: string[] = [];
    const report = await runSelfTest(probes({
      page: () => Promise.resolve(CHALLENGE),
      socketSession: () => Promise.resolve(REFUSED),
      modelsRoute: () => Promise.resolve(CHALLENGE),
      inferenceRoute: () => Promise.resolve(CHALLENGE),
      clearance: () => Promise.resolve({ withCookies: CHALLENGE, withoutCookies: CHALLENGE }),
    }, calls));
    expect(statuses(report)).toMatchObject({ page: 'fail', socket: 'fail', frames: 'skipped', models: 'skipped', chat: 'skipped', 'http-models': 'fail', 'http-inference': 'fail', clearance: 'fail' });
    expect(evidence(report, 'page')).toContain('behind a check');
    expect(evidence(report, 'chat')).toBe('needs the page step, which failed');
    expect(evidence(report, 'frames')).toBe('needs the socket step, which failed');
    expect(calls.some((c) => c.startsWith('chat'))).toBe(false);
    expect(report.verdict).toMatchObject({ transport: 'none', era: 'unknown', flarechat: 'tab' });
  });

  it('socket refused, HTTP Era B alive: the chat falls back to HTTP and the verdict says http / B', async () => {
    const calls: string[] = [];
    const report = await runSelfTest(probes({
      socketSession: () => Promise.resolve(REFUSED),
      modelsRoute: () => Promise.resolve({ status: 200, challenge: false, format: 'json', textModels: 12 }),
      inferenceRoute: () => Promise.resolve({ status: 400, challenge: false, format: 'empty' }),
    }, calls));
    expect(statuses(report)).toMatchObject({ socket: 'fail', frames: 'skipped', models: 'skipped', chat: 'pass', 'http-models': 'pass', 'http-inference': 'pass' });
    expect(evidence(report, 'socket')).toContain('closed 1006 before open through the offscreen relay');
    expect(calls.find((c) => c.startsWith('chat'))).toMatch(/^chat:http:/);
    expect(evidence(report, 'http-models')).toContain('12 text models');
    expect(report.verdict).toMatchObject({ transport: 'http', era: 'B', flarechat: 'http' });
  });

  it('no state frame: frames fails with what did arrive; the rest goes on', async () => {
    const report = await runSelfTest(probes({
      socketSession: () => Promise.resolve({ ...SESSION, identity: false, state: false, frameTypes: ['cf_agent_future_hello'] }),
    }));
    expect(statuses(report)).toMatchObject({ socket: 'pass', frames: 'fail', models: 'pass', chat: 'pass' });
    expect(evidence(report, 'frames')).toBe('no cf_agent_state frame; got cf_agent_future_hello');
  });

  it('getModels error: models fails, the chat still runs with the lightest bundled model', async () => {
    const calls: string[] = [];
    const report = await runSelfTest(probes({
      socketSession: () => Promise.resolve({ ...SESSION, models: { ok: false, error: 'Method getModels is not callable' } }),
    }, calls));
    expect(statuses(report)).toMatchObject({ models: 'fail', chat: 'pass' });
    expect(evidence(report, 'models')).toBe('rpc getModels: Method getModels is not callable');
    expect(calls.find((c) => c.startsWith('chat'))).toMatch(/^chat:socket:@/);
  });

  it('socket refused, HTTP Era A–B: the chat probe uses the lightest model the models route lists, read once', async () => {
    const calls: string[] = [];
    const report = await runSelfTest(probes({
      socketSession: () => Promise.resolve(REFUSED),
      modelsRoute: () => {
        calls.push('http-models');
        return Promise.resolve({ status: 200, challenge: false, format: 'json', textModels: 2, ids: ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/google/gemma-3-12b-it'] });
      },
    }, calls));
    expect(calls).toContain('chat:http:@cf/google/gemma-3-12b-it');
    expect(calls.filter((c) => c === 'http-models')).toHaveLength(1);
    expect(statuses(report)['http-models']).toBe('pass');
  });

  it('chat error: the code, status and the server message (user text and URL queries removed)', async () => {
    const report = await runSelfTest(probes({
      chat: (transport) => Promise.resolve({ ok: false, transport, era: 'D', chars: 0, code: 'rate-limited', error: '3021: rate limiting for "Reply with the single word: ok" see https://x.test/a?b=c' }),
    }));
    expect(statuses(report).chat).toBe('fail');
    expect(evidence(report, 'chat')).toContain('rate-limited: 3021: rate limiting for "<30 chars>" see https://x.test/a?…');
    // The socket itself works: FlareChat still uses it.
    expect(report.verdict).toMatchObject({ transport: 'socket', era: 'D', flarechat: 'socket' });
  });

  it('HTTP 404s with the socket refused: no transport answers', async () => {
    const report = await runSelfTest(probes({
      socketSession: () => Promise.resolve(REFUSED),
      chat: (transport) => Promise.resolve({ ok: false, transport, era: 'unknown', chars: 0, code: 'not-found', status: 404, error: 'The playground no longer answers at this address (HTTP 404).' }),
    }));
    expect(statuses(report)).toMatchObject({ socket: 'fail', chat: 'fail', 'http-models': 'pass', 'http-inference': 'fail' });
    expect(evidence(report, 'http-inference')).toContain('no transport answers');
    expect(evidence(report, 'chat')).toContain('not-found HTTP 404');
    expect(report.verdict).toMatchObject({ transport: 'none', era: 'unknown', flarechat: 'none' });
  });

  it('strict origin without header rules: a plain 403 is named as a refusal, not a check', async () => {
    const forbidden: HttpProbe = { status: 403, challenge: false, format: 'unknown', text: 'Forbidden origin' };
    const report = await runSelfTest(probes({
      page: () => Promise.resolve(forbidden),
      socketSession: () => Promise.resolve(REFUSED),
      modelsRoute: () => Promise.resolve(forbidden),
      inferenceRoute: () => Promise.resolve(forbidden),
      headerRules: () => Promise.resolve({ installed: false, detail: 'no session rule 1 (0 rules)' }),
      clearance: () => Promise.resolve({ withCookies: forbidden, withoutCookies: forbidden }),
    }));
    expect(statuses(report)).toMatchObject({ page: 'fail', chat: 'skipped', 'header-rules': 'fail', clearance: 'fail' });
    expect(evidence(report, 'page')).toBe('refused without a challenge: HTTP 403, unknown: "Forbidden origin" (Origin or IP policy)');
    expect(evidence(report, 'header-rules')).toContain("extension's Origin");
    expect(report.verdict.flarechat).toBe('none');
  });

  it('clearance is inferred from behaviour: passes only with cookies → present', async () => {
    const report = await runSelfTest(probes({ clearance: () => Promise.resolve({ withCookies: NOT_FOUND, withoutCookies: CHALLENGE }) }));
    expect(statuses(report).clearance).toBe('pass');
    expect(evidence(report, 'clearance')).toMatch(/^present/);
  });

  it('a probe that throws fails its step and does not stop the test', async () => {
    const report = await runSelfTest(probes({ headerRules: () => Promise.reject(new Error('boom')) }));
    expect(statuses(report)['header-rules']).toBe('fail');
    expect(evidence(report, 'header-rules')).toBe('probe error: boom');
    expect(statuses(report).clearance).toBe('pass');
  });
});

describe('lightestModel', () => {
  it('picks the smallest stated size, never a decision-only or adapter model', () => {
    expect(lightestModel(['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/qwen/qwen1.5-0.5b-chat', '@cf/meta/llama-3.2-1b-instruct'])).toBe('@cf/qwen/qwen1.5-0.5b-chat');
    expect(lightestModel(['@cf/cloudflare/clef-0.1b', '@cf/x/tiny-0.2b-lora', '@cf/meta/llama-3.1-8b-instruct-fast'])).toBe('@cf/meta/llama-3.1-8b-instruct-fast');
    expect(lightestModel(['@cf/moonshotai/kimi-k2.6'])).toBe('@cf/moonshotai/kimi-k2.6');
    expect(lightestModel([])).toBe('@cf/meta/llama-3.1-8b-instruct-fast');
  });
});
