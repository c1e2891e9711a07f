// The seeded random mix (issue #5): 100 turns across the emulator's fault modes, each block of ten
// turns in a new chat on one protocol era (mostly the agents socket; sometimes HTTP era B or C). Each turn picks a
// fault (seeded PRNG: FAULTS_SEED=<n> to replay another sequence; FAULTS_TURNS=<n> to change the
// count), sends a prompt, waits for a terminal state and, when the answer failed, recovers the way a
// user would: the error's own action (Retry, "Open the playground to verify", Retry after an
// interruption), or nothing when the extension retries by itself (rate limit countdown, network back).
// After the run it checks, against the extension's IndexedDB and the UI:
//   - every turn ended in exactly one terminal state (one assistant message per prompt, terminal);
//   - no assistant message is stuck streaming/queued;
//   - no message is duplicated or lost (IndexedDB against the ledger of what was sent);
//   - the UI recovered after each fault (the composer took the next prompt and it was answered).
// and prints `faults injected: N, turns recovered: M, messages lost: K`.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildAnswer } from '../emulator/answer';
import { E2E_ORIGIN, RESULTS, sel, sendPrompt, type Emulator, type EmulatorMode, type Fault, type LaunchedExtension } from './harness';
import { readMessages, setDeadlines, turnOffModelTitles, until, withoutWarmSockets, type Deadlines } from './faults-kit';
import { useExtensionSuite } from './suite';

const SEED = Number(process.env.FAULTS_SEED ?? 20261124);
const TURNS = Number(process.env.FAULTS_TURNS ?? 100);
/** New conversation every N turns (keeps the page light; exercises new chats under faults too). */
const TURNS_PER_CHAT = 10;
/** Shorter than FAST_DEADLINES: a silent stream fails after 1.2 s instead of 30 s. */
const MIX_DEADLINES: Deadlines = { firstByteMs: 3_000, silenceMs: 1_200, totalMs: 30_000 };
const TURN_TIMEOUT_MS = 20_000;
const ERAS: EmulatorMode[] = ['ws', 'ws', 'ws', 'era-b', 'era-c'];

type Mode =
  | 'none'
  | 'malformed'
  | 'strict-origin'
  | 'slow-drip'
  | 'inband-error'
  | 'inband-mid'
  | 'drop-mid'
  | 'rate-limit'
  | 'stall'
  | 'silence'
  | 'restart'
  | 'challenge'
  | 'partitioned'
  | 'offline'
  | 'worker-stop'
  | 'user-stop';

/** Relative weights: cheap faults more often, the ones that cost a timeout or a backoff less. */
const WEIGHTS: Record<Mode, number> = {
  none: 10,
  malformed: 8,
  'strict-origin': 6,
  'slow-drip': 5,
  'inband-error': 9,
  'inband-mid': 6,
  'drop-mid': 9,
  'rate-limit': 6,
  stall: 4,
  silence: 3,
  restart: 5,
  challenge: 7,
  partitioned: 5,
  offline: 7,
  'worker-stop': 3,
  'user-stop': 5,
};

/** mulberry32: small, fast, good enough for picking test cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): Mode {
  const entries = Object.entries(WEIGHTS) as [Mode, number][];
  let r = random() * entries.reduce((n, [, w]) => n + w, 0);
  for (const [mode, w] of entries) {
    r -= w;
    if (r < 0) return mode;
  }
  return 'none';
}

const fullAnswer = (prompt: string) => buildAnswer(prompt, { answerTokens: null, reasoning: false, reasoningModel: false }).text.join('');

interface Turn {
  index: number;
  era: EmulatorMode;
  mode: Mode;
  prompt: string;
  /** The terminal status the turn ended in (UI). */
  final: string;
  /** Recovery actions taken (clicks), and automatic retries seen. */
  actions: string[];
  recovered: boolean;
  ms: number;
  problem?: string;
}

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 1 }, deadlines: MIX_DEADLINES }, (suite) => ({ emulator, ext, page } = suite));
// One-shot faults count chat requests: no title requests in between (faults-kit.ts turnOffModelTitles).
beforeAll(async () => {
  await turnOffModelTitles(ext);
  // The challenge faults are on the socket upgrade, and a socket kept open after an answer (or
  // warmed by the panel) is already past it, as a real open socket would be: no warm or kept
  // sockets here, so every turn meets its fault (warm-up.e2e.ts tests those sockets).
  await withoutWarmSockets(ext);
});

const last = () => page.locator(sel.assistant).last();
const lastStatus = async () => (await last().getAttribute('data-status').catch(() => null)) ?? '';

/** Arms the emulator (or the browser) for one turn. */
async function inject(mode: Mode): Promise<void> {
  const one = (fault: Fault, knobs: Record<string, unknown> = {}) =>
    emulator.configure({ faults: { active: [fault], times: { [fault]: 1 }, ...knobs } });
  emulator.configure({ tokenDelayMs: 1, challengeCleared: false, faults: { active: [], times: {}, inbandErrorAfterTokens: null, dripMs: 30, rateLimitText: 'rate limiting: too many requests' } });
  switch (mode) {
    case 'none':
      return;
    case 'malformed':
      return one('malformed');
    case 'strict-origin':
      return emulator.configure({ faults: { active: ['strict-origin'] } });
    case 'slow-drip':
      return one('slow-drip', { dripMs: 60 });
    case 'inband-error':
      return one('inband-error');
    case 'inband-mid':
      return one('inband-error', { inbandErrorAfterTokens: 2 });
    case 'drop-mid':
      return one('drop-mid', { dropAfterTokens: 2 });
    case 'rate-limit':
      return one('rate-limit');
    case 'stall':
      return one('stall', { stallAfterTokens: 2 });
    case 'silence':
      return one('slow-drip', { dripMs: MIX_DEADLINES.silenceMs + 800 });
    case 'restart':
      return emulator.configure({ faults: { active: ['restart'], restartMs: 600 } });
    case 'challenge':
      return emulator.configure({ faults: { active: ['challenge'] } });
    case 'partitioned':
      return emulator.configure({ faults: { active: ['partitioned-clearance'] } });
    case 'offline':
      return ext.context.setOffline(true);
    case 'user-stop':
    case 'worker-stop':
      return emulator.configure({ tokenDelayMs: 25 });
  }
}

async function emulatorUp(): Promise<void> {
  await until(() => fetch(`${E2E_ORIGIN}/__emulator/config`).then((r) => r.ok, () => false), 5_000, 'emulator listening');
}

/** Drives one turn to its end; returns the final UI status and the actions taken. */
async function drive(turn: Turn, before: number): Promise<void> {
  const deadline = Date.now() + TURN_TIMEOUT_MS;
  const left = () => Math.max(100, deadline - Date.now());
  await until(async () => (await page.locator(sel.assistant).count()) > before, 5_000, `turn ${turn.index}: the answer appears`);

  if (turn.mode === 'offline') {
    await until(async () => (await lastStatus()) === 'queued', 5_000, 'queued while offline');
    await page.waitForTimeout(300);
    if ((await lastStatus()) !== 'queued') turn.problem = `offline: ${await lastStatus()} instead of queued`;
    await ext.context.setOffline(false);
    turn.actions.push('network back');
  }
  if (turn.mode === 'user-stop') {
    await until(async () => (await last().innerText()).length > 20, 5_000, 'some text streamed');
    await page.locator(sel.stop).click({ timeout: 5_000 });
    turn.actions.push('stop');
  }

  if (turn.mode === 'worker-stop') {
    // The MV3 worker dies mid-answer (docs/platform-notes.md#service-worker-lifetime): the partial answer must end interrupted (or
    // resume), never stay streaming. Only the worker's memory goes, so the deadlines come back too.
    await until(async () => (await last().innerText()).length > 20, 5_000, 'some text streamed');
    emulator.configure({ tokenDelayMs: 1 });
    await ext.stopServiceWorker();
    turn.actions.push('worker stopped');
    await until(async () => (await lastStatus()) !== 'streaming', 10_000, 'not streaming after the worker died');
    await setDeadlines(ext, MIX_DEADLINES);
    await withoutWarmSockets(ext);
  }

  for (let rounds = 0; ; rounds++) {
    await until(async () => ['done', 'stopped', 'error', 'interrupted'].includes(await lastStatus()), left(), `turn ${turn.index} (${turn.mode}): a terminal state`);
    const status = await lastStatus();
    if (status === 'done' || status === 'stopped') {
      turn.final = status;
      return;
    }
    // An automatic retry is scheduled: the error shows with a countdown until it starts.
    if (status === 'error' && (await page.locator('[data-testid=retry-countdown]').count()) > 0) {
      turn.actions.push('auto-retry');
      await until(async () => (await lastStatus()) !== 'error', left(), 'the automatic retry starts');
      continue;
    }
    if (rounds >= 3) {
      turn.final = status;
      return;
    }
    if (turn.mode === 'restart') await emulatorUp();
    const code = await page.locator('.error-notice').last().getAttribute('data-code').catch(() => null);
    if (status === 'interrupted') {
      await page.locator('[data-testid=error-retry]').last().click({ timeout: 5_000 });
      turn.actions.push('retry (interrupted)');
    } else {
      await page.locator(sel.errorAction).last().click({ timeout: 5_000 });
      turn.actions.push(code === 'challenge' ? 'verify' : 'retry');
    }
    await until(async () => (await lastStatus()) !== status, 5_000, 'the answer leaves its failed state');
  }
}

describe('seeded random fault mix', () => {
  it(`${TURNS} turns (seed ${SEED})`, { timeout: 240_000 }, async () => {
    const random = prng(SEED);
    let era: EmulatorMode = 'ws';
    const turns: Turn[] = [];
    const started = Date.now();
    for (let i = 0; i < TURNS; i++) {
      if (i % TURNS_PER_CHAT === 0) {
        // Each chat on one protocol era: mostly today's socket, sometimes the HTTP eras (the client
        // falls back to HTTP when the socket route is gone, and remembers it).
        era = ERAS[Math.floor(random() * ERAS.length)];
        emulator.configure({ mode: era });
        await page.locator(sel.newChat).click();
        await until(async () => (await page.locator(sel.message).count()) === 0, 5_000, 'new chat');
      }
      let mode = pick(random);
      // The tab fallback speaks the agents socket only (as the real site does today).
      if (mode === 'partitioned' && era !== 'ws') mode = 'challenge';
      const turn: Turn = { index: i, era, mode, prompt: `mix ${i} ${mode} s${SEED}`, final: '', actions: [], recovered: false, ms: 0 };
      if (mode === 'user-stop' || mode === 'worker-stop') turn.prompt = `/long 200 ${turn.prompt}`;
      turns.push(turn);
      const t0 = Date.now();
      const before = await page.locator(sel.assistant).count();
      await inject(mode);
      try {
        // The UI recovered from the last turn: the composer takes this prompt.
        if (!(await page.locator(sel.composer).isEnabled())) turn.problem = 'composer disabled at the start of the turn';
        await sendPrompt(page, turn.prompt);
        await drive(turn, before);
      } catch (error) {
        turn.problem = `${turn.problem ? `${turn.problem}; ` : ''}${(error as Error).message.split('\n')[0]}`;
        turn.final = await lastStatus();
        // Leave the conversation usable for the next turn.
        await ext.context.setOffline(false);
        if (await page.locator(sel.stop).isVisible().catch(() => false)) await page.locator(sel.stop).click().catch(() => undefined);
      }
      turn.ms = Date.now() - t0;
      if (process.env.FAULTS_VERBOSE) process.stderr.write(`[faults-mix] ${i} ${era}/${mode} → ${turn.final} [${turn.actions.join(', ')}] ${turn.ms} ms ${turn.problem ?? ''}\n`);
      const expected = mode === 'user-stop' ? 'stopped' : 'done';
      turn.recovered = !turn.problem && turn.final === expected;
      if (mode === 'restart') await emulatorUp();
    }
    emulator.configure({ faults: { active: [], times: {} } });
    const runMs = Date.now() - started;

    // ---- the checks, from IndexedDB -------------------------------------------------------------
    const rows = await readMessages(page);
    const mine = rows.filter((m) => m.conversationId && turns.some((t) => m.role === 'user' && m.text === t.prompt));
    const conversations = new Set(mine.map((m) => m.conversationId));
    const inMix = rows.filter((m) => conversations.has(m.conversationId)).sort((a, b) => a.conversationId.localeCompare(b.conversationId) || a.seq - b.seq);
    const stuck = inMix.filter((m) => m.status === 'streaming' || m.status === 'queued');
    let lost = 0;
    let versionsKept = 0;
    const duplicates: string[] = [];
    const mismatched: string[] = [];
    for (const turn of turns) {
      const users = inMix.filter((m) => m.role === 'user' && m.text === turn.prompt);
      if (users.length === 0) {
        lost += 1;
        turn.problem ??= 'prompt missing from IndexedDB';
        continue;
      }
      if (users.length > 1) duplicates.push(turn.prompt);
      const user = users[0];
      const answers = inMix
        .filter((m) => m.conversationId === user.conversationId && m.role === 'assistant' && m.seq === user.seq + 1)
        .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
      // Retry on a failed answer that had text keeps that text as an earlier version of the answer
      // (issue #12: never throw work away); the newest version is the one shown. An earlier version
      // that finished would be a real duplicate.
      const earlier = answers.slice(0, -1);
      if (earlier.some((m) => m.status === 'done' || m.parentId !== user.id)) duplicates.push(`answer to ${turn.prompt}`);
      versionsKept += earlier.length;
      if (answers.length === 0) {
        lost += 1;
        turn.problem ??= '0 answers stored';
        continue;
      }
      const answer = answers[answers.length - 1];
      if (answer.status !== turn.final) mismatched.push(`${turn.index}: UI ${turn.final}, IndexedDB ${answer.status}`);
      const full = fullAnswer(turn.prompt);
      if (answer.status === 'done' && answer.text !== full) {
        lost += 1;
        mismatched.push(`${turn.index}: text ${JSON.stringify(answer.text.slice(0, 80))}`);
      }
      if (answer.status === 'stopped' && (answer.text === '' || !full.startsWith(answer.text))) mismatched.push(`${turn.index}: stopped text is not a prefix`);
      if (turn.mode === 'partitioned' && answer.status === 'done' && answer.transport !== 'tab') mismatched.push(`${turn.index}: partitioned answer came by ${answer.transport}`);
    }
    // Every stored message belongs to a turn: nothing extra (a duplicated send, a ghost answer).
    const expectedRows = turns.length * 2 + versionsKept;
    if (inMix.length !== expectedRows) duplicates.push(`${inMix.length} rows in the mix's conversations, expected ${expectedRows}`);

    const injected = turns.filter((t) => t.mode !== 'none' && t.mode !== 'user-stop').length;
    const recovered = turns.filter((t) => t.mode !== 'none' && t.mode !== 'user-stop' && t.recovered).length;
    const tally = `faults injected: ${injected}, turns recovered: ${recovered}, messages lost: ${lost}`;
    const byMode = Object.fromEntries(
      (Object.keys(WEIGHTS) as Mode[]).map((m) => [m, `${turns.filter((t) => t.mode === m && t.recovered).length}/${turns.filter((t) => t.mode === m).length}`]),
    );
    const byEra = Object.fromEntries([...new Set(ERAS)].map((e) => [e, turns.filter((t) => t.era === e).length]));
    const failures = turns.filter((t) => !t.recovered || t.problem);
    await mkdir(path.join(RESULTS, 'e2e'), { recursive: true });
    await writeFile(
      path.join(RESULTS, 'e2e', 'faults-mix.json'),
      JSON.stringify({ seed: SEED, turns: TURNS, runMs, tally, byEra, byMode, stuck, duplicates, mismatched, failures, log: turns }, null, 2),
    );
    console.log(
      `[faults-mix] seed ${SEED}, ${TURNS} turns in ${(runMs / 1000).toFixed(1)} s; turns per era: ${JSON.stringify(byEra)}; per mode (recovered/turns): ${JSON.stringify(byMode)}`,
    );
    for (const t of failures) console.log(`[faults-mix] turn ${t.index} ${t.era}/${t.mode}: ${t.final} after [${t.actions.join(', ')}] ${t.problem ?? ''}`);
    for (const m of mismatched) console.log(`[faults-mix] mismatch ${m}`);
    console.log(tally);

    expect(stuck, 'assistant messages stuck streaming/queued').toEqual([]);
    expect(duplicates, 'duplicated messages').toEqual([]);
    expect(mismatched, 'UI and IndexedDB disagree, or a wrong text').toEqual([]);
    expect(failures.map((t) => `${t.index} ${t.mode}: ${t.final} ${t.problem ?? ''}`), 'turns that did not recover').toEqual([]);
    expect(lost).toBe(0);
    expect(recovered).toBe(injected);
  });
});
