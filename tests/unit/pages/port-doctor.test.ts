// Issue #16: the background hands over what the bug report is built from; the page writes the
// Markdown (so the service worker does not carry the builder). Through portDoctor, as the options
// page's Connection section calls it.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DataClient } from '@/lib/pages/data-client';
import { portDoctor } from '@/lib/pages/port-doctor';
import type { BugReportInput } from '@/lib/protocol/doctor';

const INPUT: BugReportInput = {
  selfTest: {
    startedAt: 0,
    steps: [{ step: 'chat', status: 'fail', ms: 12, evidence: 'refused at https://playground.ai.cloudflare.com/x?_pk=SECRET' }],
    verdict: { transport: 'socket', era: 'D', flarechat: 'socket', summary: 'The socket answers.' },
  },
  errors: [{ at: 0, code: 'bad-request', transport: 'http', era: 'C', status: 400, message: '<12 chars>' }],
  canary: [{ kind: 'ws-frame', shape: '{type:cf_agent_future}', sample: '<5 chars>', count: 2, firstSeen: 0, lastSeen: 1 }],
};

describe('the page-side bug report', () => {
  it('asks the background for the report data and writes the Markdown itself', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'FlareChat', version: '1.2.3' });
    const asked: string[] = [];
    const data = { request: (type: string) => (asked.push(type), Promise.resolve(INPUT)), on: () => () => {} } as unknown as DataClient;
    const report = await portDoctor(data).bugReport();
    expect(asked).toEqual(['doctor-bug-report']);
    expect(report).toMatch(/^## FlareChat connection report\n/);
    expect(report).toMatch(/- FlareChat 1\.2\.3 \(test, /);
    expect(report).toMatch(/\| chat \| fail \| 12 \|/);
    expect(report).toContain('| bad-request | http | C | 400 |');
    expect(report).toContain('cf_agent_future');
    // URLs are stripped once more on the page.
    expect(report).not.toContain('SECRET');
  });
});
