/** Deterministic generator for a long, model-like markdown answer, split into token-sized deltas. */
const WORDS = (
  'the model streams tokens into the side panel and each delta is small so the renderer must ' +
  'keep work proportional to the changed tail rather than the whole answer which can grow to ' +
  'many thousands of tokens while the user reads along **bold** `code` *emphasis* value result ' +
  'function request response cache worker browser extension markdown table list item quote'
).split(' ');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Split text into pseudo "tokens" of ~4 characters, as a model tokenizer would. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]{1,4}/g) ?? [];
}

export function generateAnswer(tokenTarget: number, seed: number): { text: string; deltas: string[] } {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const sentence = (n: number): string => {
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(pick(WORDS));
    const s = words.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + '.';
  };
  const paragraph = (): string => {
    const parts: string[] = [];
    const count = 2 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) parts.push(sentence(6 + Math.floor(random() * 12)));
    return parts.join(' ');
  };
  const blocks: string[] = [];
  let tokens = 0;
  let section = 1;
  while (tokens < tokenTarget) {
    const kind = random();
    let block: string;
    if (kind < 0.1) block = `## Section ${section++}: ${sentence(4)}`;
    else if (kind < 0.45) block = paragraph();
    else if (kind < 0.6) {
      const n = 3 + Math.floor(random() * 4);
      block = Array.from({ length: n }, () => `- ${sentence(5 + Math.floor(random() * 8))}`).join('\n');
    } else if (kind < 0.7) {
      const n = 3 + Math.floor(random() * 4);
      block = Array.from({ length: n }, (_, i) => `${i + 1}. **${pick(WORDS)}**: ${sentence(8)}`).join('\n');
    } else if (kind < 0.85) {
      const n = 4 + Math.floor(random() * 12);
      const lines = Array.from({ length: n }, (_, i) => `  const v${i} = compute("${pick(WORDS)}", ${i}); // ${pick(WORDS)}`);
      block = '```ts\nfunction example() {\n' + lines.join('\n') + '\n}\n```';
    } else if (kind < 0.93) {
      const n = 3 + Math.floor(random() * 4);
      const rows = Array.from({ length: n }, (_, i) => `| ${pick(WORDS)} | ${i} | ${sentence(3)} |`);
      block = '| Name | Count | Note |\n|:-----|------:|:----:|\n' + rows.join('\n');
    } else {
      block = `> ${sentence(10)}\n> ${sentence(8)}`;
    }
    blocks.push(block);
    tokens += tokenize(block).length + 1;
  }
  const text = blocks.join('\n\n') + '\n';
  const all = tokenize(text);
  const deltas: string[] = [];
  for (let i = 0; i < all.length; ) {
    const n = 1 + Math.floor(random() * 3);
    deltas.push(all.slice(i, i + n).join(''));
    i += n;
  }
  return { text, deltas };
}
