// npm run emulator -- --port 8787 --mode ws [--fault challenge --fault slow-drip ...] [--token-delay 8] [--latency 40]
//   [--host 127.0.0.1] [--times rate-limit=1] [--answer-tokens 200] [--reasoning] [--verbose]
// Prints the origin, then one line per received request / upgrade / client frame
// (--verbose: every log entry, server frames included).

import { parseArgs } from 'node:util';
import { EMULATOR_MODES, FAULTS, formatLogEntry, startEmulator, type EmulatorMode, type Fault } from './server';

function fail(msg: string): never {
  process.stderr.write(`emulator: ${msg}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    mode: { type: 'string', default: 'ws' },
    fault: { type: 'string', multiple: true, default: [] },
    times: { type: 'string', multiple: true, default: [] },
    'token-delay': { type: 'string', default: '8' },
    // One-way network delay in ms (latency.ts): 40 = 80 ms round trip; the config knob latencyMs changes it later.
    latency: { type: 'string' },
    'answer-tokens': { type: 'string' },
    reasoning: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    `usage: npm run emulator -- [--port 8787] [--host 127.0.0.1] [--mode ${EMULATOR_MODES.join('|')}]\n` +
      `  [--fault F]... [--times F=N]... [--token-delay ms] [--latency ms] [--answer-tokens N] [--reasoning] [--verbose]\n` +
      `faults: ${FAULTS.join(', ')}\n`,
  );
  process.exit(0);
}

const mode = values.mode as EmulatorMode;
if (!EMULATOR_MODES.includes(mode)) fail(`unknown mode ${values.mode} (${EMULATOR_MODES.join(', ')})`);
const faults = values.fault as Fault[];
for (const f of faults) if (!FAULTS.includes(f)) fail(`unknown fault ${f} (${FAULTS.join(', ')})`);
const times: Partial<Record<Fault, number>> = {};
for (const t of values.times) {
  const [f, n] = t.split('=');
  if (!FAULTS.includes(f as Fault) || !n || !Number.isFinite(Number(n))) fail(`bad --times ${t} (expected fault=N)`);
  times[f as Fault] = Number(n);
}

const latencyMs = values.latency === undefined ? undefined : Number(values.latency);
if (latencyMs !== undefined && !(latencyMs >= 0)) fail(`bad --latency ${values.latency} (expected ms >= 0)`);

const emu = await startEmulator({
  latencyMs,
  port: Number(values.port),
  host: values.host,
  mode,
  faults: { active: faults, times },
  tokenDelayMs: Number(values['token-delay']),
  answerTokens: values['answer-tokens'] === undefined ? null : Number(values['answer-tokens']),
  reasoning: values.reasoning,
});

process.stdout.write(`emulator ${mode} listening on ${emu.origin}${faults.length ? ` faults=${faults.join(',')}` : ''}${latencyMs ? ` latency=${latencyMs}ms each way` : ''}\n`);
emu.onLog((e) => {
  if (values.verbose || e.kind === 'http' || e.kind === 'upgrade' || e.kind === 'ws-in' || e.kind === 'ws-close') {
    process.stdout.write(`${formatLogEntry(e)}\n`);
  }
});

const stop = (): void => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
