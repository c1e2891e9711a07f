// `npm test`: the one-command check. Runs, in order:
//   typecheck → lint → unit → production build → size budget → Firefox build → Firefox manifest →
//   web-ext lint → e2e builds (Chrome + Firefox) → e2e (Chromium and Firefox ESR)
// streaming each step's output. Counting: every vitest test is one check (from vitest's JSON report
// in test-results/), every other step is one check. A failed typecheck/lint/unit step does not stop
// the run; a failed build skips what needs its output (size budget and e2e after the production
// build, e2e after the e2e build), and a skipped step counts as one failed check.
// Ends with a timing table and, as its very last line, `tests: N passed, M failed`.
// Exit code 0 only when nothing failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { jsClosure } from './js-closure';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'test-results');
const BIN = path.join(ROOT, 'node_modules/.bin');
const PROD = path.join(ROOT, '.output/chrome-mv3');
const FIREFOX = path.join(ROOT, '.output/firefox-mv3');
/** Parallel e2e lanes (tests/e2e/harness/paths.ts); `E2E_LANES=1 npm test` runs the e2e files one at a time. */
const E2E_LANES = Number(process.env.E2E_LANES ?? 2);

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  ms: number;
  note: string;
}

const results: StepResult[] = [];
/** Ctrl-C / SIGTERM: stop the running step and skip the rest. */
let aborted = false;
const isTTY = process.stdout.isTTY;
const bold = (s: string) => (isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function banner(name: string) {
  console.log(`\n${bold(`━━━ ${name} ━━━`)}`);
}

/** Runs a command with inherited stdio (output streams live). Resolves with its exit code. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: opts.env ?? process.env, detached: true });
    const onSignal = () => {
      aborted = true;
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          console.error(`\n[run-all] ${cmd} ${args.join(' ')}: timed out after ${opts.timeoutMs} ms, killing it`);
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      console.error(`[run-all] could not start ${cmd}: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** A non-vitest step: one check, passed when the command exits 0. */
async function commandStep(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  banner(name);
  const start = Date.now();
  const code = await run(cmd, args, opts);
  const ok = code === 0;
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, ms: Date.now() - start, note: ok ? '' : `exit ${code}` });
  return ok;
}

interface VitestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  numTotalTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
}

/** A vitest run: each test is one check; a crash or a non-zero exit with no failed test adds one failed check. */
async function vitestStep(name: string, args: string[], report: string, timeoutMs: number, env?: NodeJS.ProcessEnv) {
  banner(name);
  const file = path.join(RESULTS, report);
  rmSync(file, { force: true });
  const start = Date.now();
  const code = await run(path.join(BIN, 'vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], { timeoutMs, env });
  let passed = 0;
  let failed = 0;
  let note = '';
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
    passed = json.numPassedTests ?? 0;
    failed = json.numFailedTests ?? 0;
    const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    if (skipped) note = `${skipped} skipped`;
  } catch {
    note = 'no JSON report';
  }
  if (code !== 0 && failed === 0) {
    failed = 1; // e.g. no test files, an unhandled error, a suite that failed to load, a timeout
    note = [note, `exit ${code} with no failed test`].filter(Boolean).join(', ');
  }
  results.push({ name, passed, failed, ms: Date.now() - start, note });
  return code === 0;
}

function skip(name: string, why: string) {
  if (aborted) why = 'interrupted';
  banner(`${name} (skipped)`);
  console.log(`skipped: ${why}`);
  results.push({ name, passed: 0, failed: 1, ms: 0, note: `skipped: ${why}` });
}

// ------------------------------------------------------------------------------------ size budget

/** gzip budgets for each entrypoint's JS, every statically loaded chunk included. The entry files
 * come from the built manifest (side_panel.default_path, background.service_worker,
 * action.default_popup), so a renamed page is still measured and a missing one is caught. */
interface BuiltManifest {
  side_panel?: { default_path?: string };
  background?: { service_worker?: string };
  action?: { default_popup?: string };
}
/**
 * `kb` is the enforced budget: a build over it fails. `targetKb` is issue #6's target. Each budget is
 * the size measured on 2026-12-04 (session 5, after its merges) plus about 1 KB, so growth still
 * fails the build: side panel 57.0 KB, background 58.7 KB gzip; the popup, at 38.8 KB, is held to its
 * 40 KB target. Session 5: production builds minify with terser (wxt.config.ts: -2.4 KB worker,
 * -1.4 side panel, -0.9 popup), after the windowed history list (+2.0 KB side panel), warm sockets
 * kept for follow-ups (+0.5 KB worker) and the Compare choice as a setting (+0.3 KB worker). The
 * Session 6 measured 57.2 / 59.3 / 39.0 KB, session 7 57.4 / 59.6 / 39.1 KB (side panel / background /
 * popup): the budgets stand. Session 8: 57.8 / 60.4 / 39.4 KB; the background's budget moves to
 * 60.5 KB for import and export in parts (+0.6 KB: a 16 MB import froze the options page for
 * ~400 ms and a large history's Export all never arrived, past Chrome's 64 MB message limit) and
 * the import parse in slices (+0.1 KB). The
 * background misses its target; README.md "Still missed" has its measured parts and why each is kept
 * (`npx tsx tests/bench/size-breakdown.ts --features` prints them).
 */
function budgets(): Array<{ name: string; entry: string | undefined; kb: number; targetKb: number; optional?: boolean }> {
  const m = JSON.parse(readFileSync(path.join(PROD, 'manifest.json'), 'utf8')) as BuiltManifest;
  return [
    { name: 'side panel', entry: m.side_panel?.default_path, kb: 58.0, targetKb: 60 },
    { name: 'background', entry: m.background?.service_worker, kb: 60.5, targetKb: 25 },
    { name: 'popup', entry: m.action?.default_popup, kb: 40, targetKb: 40, optional: true },
  ];
}

function sizeBudgetStep() {
  const name = 'size budget (gzip)';
  banner(name);
  const start = Date.now();
  let ok: boolean;
  try {
    ok = sizeBudgetChecks();
  } catch (error) {
    console.log(`size budget: ${String(error)}`);
    ok = false;
  }
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, ms: Date.now() - start, note: ok ? '' : 'over budget or missing entry' });
}

/** Prints one line per entrypoint; true when every budget holds. */
function sizeBudgetChecks(): boolean {
  let ok = true;
  const list = budgets();
  for (const budget of list) {
    if (!budget.entry) {
      if (budget.optional) {
        console.log(`---- ${budget.name.padEnd(11)} not in the manifest: no budget to check`);
        continue;
      }
      console.log(`FAIL ${budget.name.padEnd(11)} not in the manifest`);
      ok = false;
      continue;
    }
    if (!existsSync(path.join(PROD, budget.entry))) {
      console.log(`FAIL ${budget.name.padEnd(11)} the manifest names ${budget.entry}, which is not in ${path.relative(ROOT, PROD)}`);
      ok = false;
      continue;
    }
    const files = jsClosure(PROD, budget.entry);
    const gz = files.reduce((sum, f) => sum + (existsSync(f) ? gzipSync(readFileSync(f), { level: 9 }).byteLength : 0), 0);
    const within = gz <= budget.kb * 1024;
    ok &&= within && files.length > 0;
    console.log(
      `${within ? 'ok  ' : 'OVER'} ${budget.name.padEnd(11)} ${(gz / 1024).toFixed(1).padStart(6)} KB gz / ${budget.kb} KB` +
        (budget.targetKb < budget.kb ? ` (target ${budget.targetKb} KB: missed, see README)` : '') +
        `  (${files.length} file${files.length === 1 ? '' : 's'}: ${files.map((f) => path.relative(PROD, f)).join(', ')})`,
    );
  }
  // Other pages (offscreen relay, …): reported, no budget.
  const budgeted = new Set(list.map((b) => b.entry));
  for (const html of readdirSync(PROD).filter((f) => f.endsWith('.html') && !budgeted.has(f))) {
    const files = jsClosure(PROD, html);
    const gz = files.reduce((sum, f) => sum + (existsSync(f) ? gzipSync(readFileSync(f), { level: 9 }).byteLength : 0), 0);
    console.log(`info ${html.padEnd(11)} ${(gz / 1024).toFixed(1).padStart(6)} KB gz (no budget)`);
  }
  return ok;
}

// ------------------------------------------------------------------------------------------ firefox

/** The Firefox MV3 manifest: the panel is a sidebar_action, no Chrome-only permission, gecko settings. */
function firefoxManifestProblems(m: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const permissions = (m.permissions as string[] | undefined) ?? [];
  if (m.manifest_version !== 3) problems.push(`manifest_version is ${String(m.manifest_version)}, not 3`);
  for (const chromeOnly of ['offscreen', 'sidePanel']) if (permissions.includes(chromeOnly)) problems.push(`requests "${chromeOnly}" (Chrome only)`);
  if ('side_panel' in m) problems.push('has side_panel (Chrome only)');
  const sidebar = m.sidebar_action as { default_panel?: string } | undefined;
  if (!sidebar?.default_panel) problems.push('no sidebar_action.default_panel');
  const gecko = (m.browser_specific_settings as { gecko?: { id?: string; data_collection_permissions?: unknown } } | undefined)?.gecko;
  if (!gecko?.id) problems.push('no browser_specific_settings.gecko.id');
  if (!gecko?.data_collection_permissions) problems.push('no gecko.data_collection_permissions');
  // Chats and page text go to Cloudflare: "none" would be a false declaration (issue #11).
  const required = (gecko?.data_collection_permissions as { required?: unknown } | undefined)?.required;
  if (!Array.isArray(required) || required.includes('none') || !required.includes('websiteContent')) problems.push(`gecko.data_collection_permissions.required does not declare what is sent: ${JSON.stringify(required)}`);
  for (const key of ['name', 'description'] as const) {
    if (!/^__MSG_\w+__$/.test(String(m[key]))) problems.push(`${key} is not from _locales: ${String(m[key])}`);
  }
  return problems;
}

function firefoxManifestStep() {
  const name = 'firefox manifest';
  banner(name);
  const start = Date.now();
  let problems: string[];
  try {
    problems = firefoxManifestProblems(JSON.parse(readFileSync(path.join(FIREFOX, 'manifest.json'), 'utf8')) as Record<string, unknown>);
  } catch (error) {
    problems = [String(error)];
  }
  for (const p of problems) console.log(`FAIL ${p}`);
  if (!problems.length) console.log('ok   sidebar_action, gecko id + data_collection_permissions, no offscreen/sidePanel, localized name');
  results.push({ name, passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0, ms: Date.now() - start, note: problems.length ? `${problems.length} problem(s)` : '' });
}

// ------------------------------------------------------------------------------------------ main

function table() {
  const rows = results.map((r) => [r.name, String(r.passed), String(r.failed), `${(r.ms / 1000).toFixed(1)}s`, r.note]);
  const head = ['step', 'passed', 'failed', 'time', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 2 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(`\n${bold('━━━ summary ━━━')}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const t0 = Date.now();
  // The production build must never see the e2e origin.
  const prodEnv = { ...process.env };
  delete prodEnv.WXT_PLAYGROUND_ORIGIN;

  await commandStep('typecheck', path.join(BIN, 'tsc'), ['--noEmit'], { timeoutMs: 180_000 });
  if (aborted) return finish(t0);
  await commandStep('lint', path.join(BIN, 'eslint'), ['.'], { timeoutMs: 240_000 });
  if (aborted) return finish(t0);
  await vitestStep('unit', [], 'unit.json', 300_000);
  if (aborted) return finish(t0);
  const built = await commandStep('build', path.join(BIN, 'wxt'), ['build'], { env: prodEnv, timeoutMs: 180_000 });
  if (built && !aborted) sizeBudgetStep();
  else skip('size budget (gzip)', 'production build failed');
  // Firefox (issue #7): the MV3 build, its manifest, and web-ext lint (0 errors; warnings are printed, not failed).
  const firefoxBuilt = !aborted && await commandStep('build firefox', path.join(BIN, 'wxt'), ['build', '-b', 'firefox', '--mv3'], { env: prodEnv, timeoutMs: 180_000 });
  if (firefoxBuilt && !aborted) {
    firefoxManifestStep();
    await commandStep('web-ext lint', path.join(BIN, 'web-ext'), ['lint', '--source-dir', FIREFOX, '--no-input'], { timeoutMs: 120_000 });
  } else {
    skip('firefox manifest', 'Firefox build failed');
    skip('web-ext lint', 'Firefox build failed');
  }
  // Two e2e lanes: two test files at once, each with its own emulator port and its own builds
  // (tests/e2e/harness/paths.ts). Most e2e time is waiting on the browser and the emulator, not CPU.
  const e2eEnv = { ...process.env, E2E_LANES: String(E2E_LANES) };
  const lanes = path.join(ROOT, 'tests/e2e/build-lanes.ts');
  const e2eBuilt = !aborted && await commandStep('build e2e', path.join(BIN, 'tsx'), [lanes, 'chrome'], { env: e2eEnv, timeoutMs: 240_000 });
  const e2eFirefoxBuilt = !aborted && await commandStep('build e2e firefox', path.join(BIN, 'tsx'), [lanes, 'firefox'], { env: e2eEnv, timeoutMs: 240_000 });
  if (built && e2eBuilt && e2eFirefoxBuilt && !aborted) await vitestStep('e2e', ['-c', 'vitest.e2e.config.ts'], 'e2e.json', 700_000, e2eEnv);
  else skip('e2e', !built ? 'production build failed' : 'e2e build failed');

  finish(t0);
}

function finish(t0: number) {
  table();
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  process.exitCode = aborted ? 130 : failed ? 1 : 0;
  console.log(`tests: ${passed} passed, ${failed} failed`);
}

await main();
