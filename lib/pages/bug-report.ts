// The bug report (issue #14): Markdown the user reads in full, then copies; nothing is sent
// anywhere. Every input is already redacted where it was recorded (canary samples, error
// messages, self-test evidence); this builder redacts URLs once more and keeps every free-text
// value inside code spans, so a report can be pasted into an issue as is.
// Built in the options page from the background's BugReportInput (issue #16: the service worker
// does not carry it); lib/pages/doctor-client.ts loads this file only when a report is asked for.
import { browser } from 'wxt/browser';
import type { BugReportInput } from '@/lib/protocol/doctor';
import { stripUrls } from '@/lib/shared/strip-urls';

export interface ReportEnvironment {
  /** manifest version */
  version: string;
  /** build mode (production, e2e…) and target browser */
  build: string;
  /** "Chrome 156", "Firefox 128" */
  browser: string;
  platform?: string;
}

export interface ReportInput extends BugReportInput {
  env: ReportEnvironment;
  now?: number;
}

/** "Chrome 156", "Firefox 128", from the user agent. */
export function browserName(userAgent: string): string {
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  if (firefox) return `Firefox ${firefox[1]}`;
  const edge = /Edg\/(\d+)/.exec(userAgent);
  if (edge) return `Edge ${edge[1]}`;
  const chrome = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  return chrome ? `Chrome ${chrome[1]}` : 'unknown browser';
}

/** This build and browser (the page and the service worker share the manifest, build and user agent). */
export function environment(): ReportEnvironment {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  const platform = /\(([^;)]+)/.exec(ua)?.[1];
  return {
    version: browser.runtime.getManifest().version,
    build: `${import.meta.env.MODE}, ${import.meta.env.BROWSER}`,
    browser: browserName(ua),
    ...(platform ? { platform } : {}),
  };
}

export const REPORT_ERRORS = 20;

/** Text inside a Markdown code span: backticks and line breaks cannot break out of it. */
function code(text: string): string {
  const clean = stripUrls(text).replace(/[\r\n]+/g, ' ').replace(/`/g, 'ˋ');
  return `\`${clean === '' ? ' ' : clean}\``;
}

/** A table cell: pipes would start a new column. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildBugReport(input: ReportInput): string {
  const { env } = input;
  const lines: string[] = [
    '## FlareChat connection report',
    '',
    `- FlareChat ${cell(env.version)} (${cell(env.build)})`,
    `- Browser: ${cell(env.browser)}${env.platform ? ` on ${cell(env.platform)}` : ''}`,
    `- Generated: ${iso(input.now ?? Date.now())}`,
    '- Contains no prompts, answers or page text: model output appears only as lengths.',
    '',
    '### Self-test',
    '',
  ];
  const test = input.selfTest;
  if (!test) {
    lines.push('Not run yet.');
  } else {
    lines.push(`Run ${iso(test.startedAt)}. Verdict: playground transport **${test.verdict.transport}**, era **${test.verdict.era}**, FlareChat uses **${test.verdict.flarechat}**.`);
    lines.push(`${code(test.verdict.summary)}`, '', '| Step | Status | ms | Evidence |', '|---|---|---|---|');
    for (const step of test.steps) lines.push(`| ${step.step} | ${step.status} | ${step.ms} | ${cell(code(step.evidence))} |`);
  }
  const errors = input.errors.slice(-REPORT_ERRORS).reverse();
  lines.push('', `### Recent errors (${errors.length}, newest first)`, '');
  if (errors.length === 0) lines.push('None recorded.');
  else {
    lines.push('| Time | Code | Transport | Era | HTTP | Server message (user text removed) |', '|---|---|---|---|---|---|');
    for (const e of errors) {
      lines.push(`| ${iso(e.at)} | ${cell(e.code)} | ${cell(e.transport ?? '')} | ${e.era ?? ''} | ${e.status ?? ''} | ${cell(code(e.message))} |`);
    }
  }
  lines.push('', `### Protocol canary (${input.canary.length} unrecognised shapes)`, '');
  if (input.canary.length === 0) lines.push('Nothing unrecognised seen.');
  for (const r of [...input.canary].reverse()) {
    lines.push(`- **${r.kind}** ×${r.count}, first ${iso(r.firstSeen)}, last ${iso(r.lastSeen)}`, `  - shape: ${code(r.shape)}`, `  - sample: ${code(r.sample)}`);
  }
  return `${lines.join('\n')}\n`;
}
