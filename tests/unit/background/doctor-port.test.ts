// Issue #14: the Connection doctor over the data port. Self-test progress reaches only the asking
// page, before the report; a canary write reaches every open page as `canary-changed`; the doctor
// requests are validated like every other data request.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DataPortHost } from '@/lib/background/data-port';
import { createDoctor } from '@/lib/background/doctor/service';
import type { DoctorProbes } from '@/lib/background/doctor/self-test';
import { recordUnknown } from '@/lib/playground/canary';
import { fakeRuntimePort } from './port-fakes';

// The playground's socket is refused; its HTTP routes answer 404 (nothing reachable to talk to).
const NOT_FOUND = { status: 404, challenge: false, format: 'unknown', text: 'Not found' } as const;
const probes: DoctorProbes = {
  socketLabel: 'offscreen relay',
  page: () => Promise.resolve({ status: 200, challenge: false, format: 'html' }),
  socketSession: () => Promise.resolve({ opened: false, closeCode: 1006, frameTypes: [], identity: false, state: false, models: { ok: false, error: 'socket closed (1006)' } }),
  chat: (transport) => Promise.resolve({ ok: false, transport, era: 'unknown', chars: 0, error: 'refused' }),
  modelsRoute: () => Promise.resolve(NOT_FOUND),
  inferenceRoute: () => Promise.resolve(NOT_FOUND),
  headerRules: () => Promise.resolve({ installed: true, detail: 'rules' }),
  clearance: () => Promise.resolve({ withCookies: NOT_FOUND, withoutCookies: NOT_FOUND }),
};

function host() {
  const data = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: async () => {}, doctor: createDoctor(probes) });
  data.watchStorage();
  return data;
}

describe('doctor requests on the data port', () => {
  it('doctor-self-test: step events go to the asking port only, then the report', async () => {
    const data = host();
    const asking = fakeRuntimePort('data');
    const other = fakeRuntimePort('data');
    data.connect(asking);
    data.connect(other);
    asking.onMessage.trigger({ type: 'doctor-self-test', requestId: 'st1' });
    const result = await asking.next('data-result');
    const steps = asking.posted.filter((m) => m.type === 'doctor-step');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((m) => (m as unknown as { requestId: string }).requestId === 'st1')).toBe(true);
    expect(asking.posted.indexOf(steps.at(-1)!)).toBeLessThan(asking.posted.indexOf(result));
    const report = (result as unknown as { result: { steps: { step: string; status: string }[]; verdict: unknown } }).result;
    expect(report.steps.length).toBeGreaterThan(0);
    expect(report.steps.some((s) => s.status === 'fail')).toBe(true);
    expect(other.posted.filter((m) => m.type === 'doctor-step')).toEqual([]);
  });

  it('a canary record reaches open pages as canary-changed; the report and seen requests answer', async () => {
    const data = host();
    const page = fakeRuntimePort('data');
    data.connect(page);
    await recordUnknown('ws-frame', { type: 'cf_agent_from_the_future', text: 'MARKER-SECRET' });
    const changed = await page.next('canary-changed');
    expect(changed).toEqual({ type: 'canary-changed', unseen: 1 });
    page.onMessage.trigger({ type: 'doctor-bug-report', requestId: 'br1' });
    const report = JSON.stringify(((await page.next('data-result')) as unknown as { result: unknown }).result);
    expect(report).toContain('cf_agent_from_the_future');
    expect(report).not.toContain('MARKER-SECRET');
    page.onMessage.trigger({ type: 'doctor-canary-seen', requestId: 'cs1' });
    await page.next('data-result', 2);
    page.onMessage.trigger({ type: 'doctor-canary', requestId: 'c1' });
    const snapshot = ((await page.next('data-result', 3)) as unknown as { result: { unseen: number; records: unknown[] } }).result;
    expect(snapshot).toMatchObject({ unseen: 0, records: [expect.anything()] });
    await fakeBrowser.storage.local.clear();
  });

  it('doctor requests with extra fields are rejected', async () => {
    const data = host();
    const page = fakeRuntimePort('data');
    data.connect(page);
    page.onMessage.trigger({ type: 'doctor-self-test', requestId: 'x1', steps: ['chat'] });
    expect(await page.next('request-rejected')).toMatchObject({ requestId: 'x1' });
  });
});
