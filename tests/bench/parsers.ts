// Unit-level microbenchmark of the stream parsers (lib/playground/parse/): a ~5 MB synthetic stream
// per era, built with the emulator's own wire encoders from the `/long` markdown answer, fed in 1 KB
// chunks (Era D: frame by frame, the unit a WebSocket delivers). Reports MB/s (median of RUNS).
//
// Run alone: `npx tsx tests/bench/parsers.ts` (prints JSON on the last line).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { longAnswer } from '../emulator/answer';
import { eraAEncoder, eraBEncoder, eraCEncoder, eraDEncoder, type Encoder } from '../emulator/encoders';
import { createAgentsChatParser } from '../../lib/playground/parse/agents-frames';
import { createDataStreamV4Parser } from '../../lib/playground/parse/datastream-v4';
import { createHttpBodyParser } from '../../lib/playground/parse/http-body';
import { createLegacySseParser } from '../../lib/playground/parse/legacy-sse';
import type { StreamParser } from '../../lib/playground/parse/sink';
import { createUiMessageSseParser } from '../../lib/playground/parse/ui-message-sse';
import type { PlaygroundEvent } from '../../lib/playground/events';

const TARGET_BYTES = 5 * 1024 * 1024;
const CHUNK = 1024;
const RUNS = 7;

export interface ParserResult {
  name: string;
  parser: string;
  unit: string;
  bytes: number;
  textChars: number;
  runs: number;
  medianMs: number;
  mbPerSec: number;
}

/** Units (body chunks or frames) of one answer, long enough that the stream reaches TARGET_BYTES. */
function buildStream(encoder: Encoder): { units: string[]; text: string } {
  const units: string[] = [];
  let bytes = 0;
  const put = (list: (string | Buffer)[]) => {
    for (const u of list) {
      const s = typeof u === 'string' ? u : u.toString('utf8');
      units.push(s);
      bytes += Buffer.byteLength(s);
    }
  };
  put(encoder.begin());
  put(encoder.textStart());
  let text = '';
  // longAnswer(n) is a prefix of the same repeated sections: take a big one, stop at the size.
  const tokens = longAnswer(200_000);
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const tok = tokens[i % tokens.length];
    put(encoder.textDelta(tok));
    text += tok;
  }
  put(encoder.finish({ promptTokens: 10, completionTokens: tokens.length }));
  return { units, text };
}

function chunked(units: string[]): string[] {
  const whole = units.join('');
  const out: string[] = [];
  for (let i = 0; i < whole.length; i += CHUNK) out.push(whole.slice(i, i + CHUNK));
  return out;
}

function check(name: string, events: PlaygroundEvent[], expected: string): void {
  let text = '';
  let terminal: PlaygroundEvent | undefined;
  for (const e of events) {
    if (e.type === 'text-delta') text += e.text;
    else if (e.type !== 'reasoning-delta') terminal = e;
  }
  if (text !== expected) throw new Error(`${name}: parsed ${text.length} chars, expected ${expected.length}`);
  if (terminal?.type !== 'finish') throw new Error(`${name}: ended with ${JSON.stringify(terminal)}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function benchChunks(name: string, parserName: string, make: () => StreamParser, units: string[], text: string): ParserResult {
  const chunks = chunked(units);
  const bytes = Buffer.byteLength(units.join(''));
  const once = (): { ms: number; events: PlaygroundEvent[] } => {
    const events: PlaygroundEvent[] = [];
    const t0 = performance.now();
    const p = make();
    for (const c of chunks) for (const e of p.push(c)) events.push(e);
    for (const e of p.end()) events.push(e);
    return { ms: performance.now() - t0, events };
  };
  check(name, once().events, text); // warm-up + correctness
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(once().ms);
  const ms = median(times);
  return { name, parser: parserName, unit: `${CHUNK} B chunks`, bytes, textChars: text.length, runs: RUNS, medianMs: ms, mbPerSec: bytes / 1024 / 1024 / (ms / 1000) };
}

function benchFrames(name: string, units: string[], text: string, requestId: string): ParserResult {
  const bytes = Buffer.byteLength(units.join(''));
  const once = (): { ms: number; events: PlaygroundEvent[] } => {
    const events: PlaygroundEvent[] = [];
    const t0 = performance.now();
    const p = createAgentsChatParser(requestId);
    for (const f of units) for (const e of p.pushFrame(f)) events.push(e);
    for (const e of p.end()) events.push(e);
    return { ms: performance.now() - t0, events };
  };
  check(name, once().events, text);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(once().ms);
  const ms = median(times);
  return { name, parser: 'createAgentsChatParser', unit: `frames (${units.length})`, bytes, textChars: text.length, runs: RUNS, medianMs: ms, mbPerSec: bytes / 1024 / 1024 / (ms / 1000) };
}

export function runParserBench(): ParserResult[] {
  const out: ParserResult[] = [];
  const a = buildStream(eraAEncoder());
  out.push(benchChunks('Era A legacy SSE', 'createLegacySseParser', createLegacySseParser, a.units, a.text));
  const b = buildStream(eraBEncoder());
  out.push(benchChunks('Era B data stream v4', 'createDataStreamV4Parser', createDataStreamV4Parser, b.units, b.text));
  const c = buildStream(eraCEncoder());
  out.push(benchChunks('Era C UI-message SSE', 'createUiMessageSseParser', createUiMessageSseParser, c.units, c.text));
  const requestId = 'bench-req';
  const d = buildStream(eraDEncoder(requestId));
  out.push(benchFrames('Era D agents frames', d.units, d.text, requestId));
  // What the HTTP transport really runs: the sniffing wrapper in front of the era parser.
  out.push(benchChunks('Era B via createHttpBodyParser', 'createHttpBodyParser(200)', () => createHttpBodyParser(200), b.units, b.text));
  out.push(benchChunks('Era C via createHttpBodyParser', 'createHttpBodyParser(200)', () => createHttpBodyParser(200), c.units, c.text));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = runParserBench();
  for (const r of results) {
    console.log(`${r.name.padEnd(32)} ${(r.bytes / 1048576).toFixed(2)} MB  ${r.medianMs.toFixed(1).padStart(7)} ms  ${r.mbPerSec.toFixed(1).padStart(6)} MB/s`);
  }
  console.log(JSON.stringify(results));
}
