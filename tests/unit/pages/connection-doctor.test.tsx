// @vitest-environment happy-dom
// Issue #14: the Connection section's automation hooks, driven through a fake DoctorApi.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CanaryIndicator } from '@/components/CanaryIndicator';
import { ConnectionDoctor } from '@/components/ConnectionDoctor';
import type { DoctorApi, SelfTestReport, StepProgress } from '@/lib/protocol/doctor';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function mount(node: preact.ComponentChild) {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
}

const REPORT: SelfTestReport = {
  startedAt: 0,
  steps: [
    { step: 'page', status: 'pass', ms: 12, evidence: 'HTTP 200' },
    { step: 'socket', status: 'fail', ms: 30, evidence: 'closed 1006 before open' },
    { step: 'frames', status: 'skipped', ms: 0, evidence: 'needs the socket step, which failed' },
  ],
  verdict: { transport: 'http', era: 'B', flarechat: 'http', summary: 'x' },
};

const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

describe('ConnectionDoctor', () => {
  it('shows each step as running, then its result, then the verdict with transport and era', async () => {
    let report!: (r: SelfTestReport) => void;
    let onStep!: (p: StepProgress) => void;
    const api: DoctorApi = {
      runSelfTest: (cb) => { onStep = cb; return new Promise((resolve) => (report = resolve)); },
      bugReport: vi.fn(),
      canary: () => Promise.resolve({ records: [], unseen: 0 }),
    };
    mount(<ConnectionDoctor api={api} />);
    const button = root.querySelector<HTMLButtonElement>('[data-testid=self-test]')!;
    await act(() => button.click());
    expect(button.disabled).toBe(true);
    await act(() => onStep({ step: 'page', status: 'running' }));
    let steps = [...root.querySelectorAll('[data-testid=self-test-step]')];
    expect(steps.map((s) => [s.getAttribute('data-step'), s.getAttribute('data-status')])).toEqual([['page', 'running']]);
    await act(() => onStep(REPORT.steps[0]));
    await act(() => report(REPORT));
    await flush();
    steps = [...root.querySelectorAll('[data-testid=self-test-step]')];
    expect(steps.map((s) => `${s.getAttribute('data-step')}:${s.getAttribute('data-status')}`)).toEqual(['page:pass', 'socket:fail', 'frames:skipped']);
    expect(steps[1].textContent).toContain('closed 1006 before open');
    const verdict = root.querySelector('[data-testid=self-test-verdict]')!;
    expect(verdict.getAttribute('data-transport')).toBe('http');
    expect(verdict.getAttribute('data-era')).toBe('B');
    expect(verdict.textContent).toContain('Era B');
    expect(button.disabled).toBe(false);
  });

  it('shows the whole bug report before copying, and copies exactly that', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const seen = vi.fn();
    const api: DoctorApi = {
      runSelfTest: vi.fn(),
      bugReport: () => Promise.resolve('## FlareChat connection report\n...'),
      canary: () => Promise.resolve({ records: [{ kind: 'ws-frame', shape: '{type=x}', sample: '{}', count: 2, firstSeen: 1, lastSeen: 2 }], unseen: 1 }),
    };
    mount(<ConnectionDoctor api={api} onCanarySeen={seen} />);
    await flush();
    expect(root.querySelector('[data-testid=canary-summary]')!.getAttribute('data-unseen')).toBe('1');
    expect(root.querySelector('[data-testid=bug-report-text]')).toBeNull();
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid=bug-report]')!.click());
    await flush();
    const text = root.querySelector<HTMLTextAreaElement>('[data-testid=bug-report-text]')!;
    expect(text.value).toBe('## FlareChat connection report\n...');
    expect(writeText).not.toHaveBeenCalled();
    expect(seen).toHaveBeenCalledOnce();
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid=bug-report-copy]')!.click());
    await flush();
    expect(writeText).toHaveBeenCalledWith('## FlareChat connection report\n...');
  });
});

describe('CanaryIndicator', () => {
  it('appears only when something is new, and opens on click', async () => {
    const open = vi.fn();
    mount(<CanaryIndicator unseen={0} onOpen={open} />);
    expect(root.querySelector('[data-testid=canary-indicator]')).toBeNull();
    render(<CanaryIndicator unseen={2} onOpen={open} />, root);
    const mark = root.querySelector<HTMLButtonElement>('[data-testid=canary-indicator]')!;
    expect(mark.getAttribute('aria-label')).toContain('2');
    await act(() => mark.click());
    expect(open).toHaveBeenCalledOnce();
  });
});
