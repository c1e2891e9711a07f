// Issue #14: the bug report never contains conversation text. A marker goes into every field a
// user's words can reach (prompt, answer, page text, a server message quoting the prompt, URLs
// with query strings, unknown frames carrying model output) and must not come out.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { recordUnknown } from '@/lib/playground/canary';
import { ERROR_LOG_LIMIT, readErrors, recordError } from '@/lib/background/doctor/error-log';
import { createDoctor } from '@/lib/background/doctor/service';
import { browserName, buildBugReport } from '@/lib/pages/bug-report';
import type { DoctorProbes } from '@/lib/background/doctor/self-test';

const MARKER = 'ZQX-SECRET-7731';
const PROMPT = `Please summarise ${MARKER} for my meeting`;
const ANSWER = `Sure! ${MARKER} means the quarterly plan`;
const PAGE_TEXT = `Quarterly plan ${MARKER}: confidential figures`;
const URL_WITH_QUERY = `https://playground.ai.cloudflare.com/agents/playground/x?_pk=${MARKER}&q=${MARKER}#${MARKER}`;
const ENV = { version: '0.1.0', build: 'production, chrome', browser: 'Chrome 156', platform: 'X11' };

function leakyProbes(): DoctorProbes {
  const notFound = { status: 404, challenge: false, format: 'unknown', text: `Not found ${URL_WITH_QUERY}` };
  return {
    socketLabel: 'offscreen relay',
    page: () => Promise.resolve({ status: 200, challenge: false, format: 'html' }),
    socketSession: () => Promise.resolve({ opened: true, frameTypes: ['cf_agent_state'], identity: false, state: true, models: { ok: false, error: `bad rpc for ${URL_WITH_QUERY}` } }),
    chat: (transport) => Promise.resolve({ ok: false, transport, era: 'D', chars: 0, code: 'upstream', error: `The model refused "${PROMPT}" at ${URL_WITH_QUERY}` }),
    modelsRoute: () => Promise.resolve(notFound),
    inferenceRoute: () => Promise.resolve(notFound),
    headerRules: () => Promise.resolve({ installed: true, detail: `Origin → ${URL_WITH_QUERY}` }),
    clearance: () => Promise.resolve({ withCookies: notFound, withoutCookies: notFound }),
  };
}

async function fillEverything(): Promise<void> {
  const userTexts = [PROMPT, ANSWER, PAGE_TEXT];
  await recordError({ code: 'upstream', transport: 'socket', era: 'D', message: `Input "${PROMPT}" was rejected` }, userTexts);
  await recordError({ code: 'bad-request', transport: 'http', era: 'C', status: 400, message: `5021: context too long for summarise ${MARKER} for my meeting` }, userTexts);
  await recordError({ code: 'upstream', message: `echo: ${ANSWER}` }, userTexts);
  await recordError({ code: 'network', message: `failed ${URL_WITH_QUERY}` }, userTexts);
  await recordError({ code: 'protocol', message: `page said «${PAGE_TEXT}»` }, userTexts);
  await recordUnknown('ws-frame', JSON.stringify({ type: 'cf_agent_future_delta', id: 'r1', body: JSON.stringify({ type: 'text-delta', delta: ANSWER }) }));
  await recordUnknown('ui-chunk', { type: 'text-delta-v9', payload: { words: MARKER, nested: [{ content: PROMPT }] } });
  await recordUnknown('datastream-line', `z:${JSON.stringify(ANSWER)}`);
  await recordUnknown('sse-event', `data: ${JSON.stringify({ kind: 'future', text: PAGE_TEXT, url: URL_WITH_QUERY })}`);
  await recordUnknown('http-format', `${ANSWER} as a plain body`);
  await recordUnknown('rpc-reply', { type: 'rpc', id: 'x', result: { echo: PROMPT } });
}

describe('the bug report', () => {
  it('contains no marker from any field, and still says what happened', async () => {
    await fillEverything();
    const doctor = createDoctor(leakyProbes());
    await doctor.runSelfTest(() => {});
    // What the background hands over, then the Markdown the options page writes from it.
    const input = await doctor.bugReportInput();
    expect(JSON.stringify(input)).not.toContain(MARKER);
    const report = buildBugReport({ env: ENV, ...input });
    expect(report).not.toContain(MARKER);
    expect(report).not.toContain('summarise');
    expect(report).not.toContain('quarterly');
    expect(report).not.toContain('Quarterly');
    expect(report).not.toContain('confidential');
    // Still useful: versions, steps, codes, unknown type names, lengths.
    expect(report).toContain('FlareChat 0.1.0 (production, chrome)');
    expect(report).toContain('Browser: Chrome 156 on X11');
    expect(report).toMatch(/\| chat \| fail \|/);
    expect(report).toContain('| bad-request | http | C | 400 |');
    expect(report).toContain('cf_agent_future_delta');
    expect(report).toContain('text-delta-v9');
    expect(report).toMatch(/<\d+ chars>/);
    // Nothing in storage either.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(MARKER);
  });

  it('keeps the last 20 errors, newest first in the report', async () => {
    for (let i = 0; i < ERROR_LOG_LIMIT + 5; i++) void recordError({ code: 'network', message: `error number ${i}`, at: 1_000_000 + i });
    await recordError({ code: 'timeout', message: 'last', at: 2_000_000 });
    const errors = await readErrors();
    expect(errors).toHaveLength(ERROR_LOG_LIMIT);
    expect(errors[0].message).toBe('error number 6');
    const report = buildBugReport({ env: ENV, errors, canary: [] });
    expect(report.indexOf('| timeout |')).toBeLessThan(report.indexOf('error number 24'));
    expect(report).toContain('Not run yet.');
  });

  it('free text cannot break out of its code span or table cell', () => {
    const report = buildBugReport({ env: ENV, errors: [{ at: 0, code: 'upstream', message: 'a | b `c`\n| injected | row |' }], canary: [] });
    expect(report).toContain('`a \\| b ˋcˋ \\| injected \\| row \\|`');
  });

  it('names the browser from the user agent', () => {
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome 156');
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox 128');
  });
});
