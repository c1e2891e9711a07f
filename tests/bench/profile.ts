// CPU profile of the side panel while it renders one `/long N` answer (default 20,000 tokens):
// writes bench-results/panel-<N>.cpuprofile (open in Chrome DevTools → Performance) and prints the
// top functions by self time. Uses the unminified build from `tsx tests/bench/build.ts profile <port>`
// when present (readable names), else the bench build.
//   npx tsx tests/bench/profile.ts [tokens]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLongAnswerPanel } from './long-answer-panel';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tokens = Number(process.argv[2] ?? 20000);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

async function main(): Promise<void> {
  await withLongAnswerPanel(tokens, async ({ cdp, build, sendAndWait }) => {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await sendAndWait();
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } };
    const out = path.join(ROOT, 'bench-results', `panel-${tokens}.cpuprofile`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(profile));
    // Self time per function (sample count × mean interval).
    const total = profile.samples.length;
    const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, total);
    const self = new Map<string, number>();
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim();
      self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
    }
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`panel CPU profile, /long ${tokens}, build ${build}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms wall, ${total} samples`);
    for (const [k, v] of rows) console.log(`${(v * interval).toFixed(0).padStart(7)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
    console.log(`wrote ${path.relative(ROOT, out)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
