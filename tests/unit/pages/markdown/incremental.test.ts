import { describe, expect, it } from 'vitest';
import { IncrementalLexer } from '../../../../lib/pages/markdown/incremental';
import { lexFull } from '@/lib/pages/markdown/lexer';
import { TRICKY_CORPUS } from './corpus';
import { generateAnswer, tokenize } from './generate';

function checkEveryStep(text: string, cuts: readonly number[]): void {
  const inc = new IncrementalLexer();
  for (const cut of cuts) {
    const prefix = text.slice(0, cut);
    const blocks = inc.update(prefix);
    const fresh = lexFull(prefix);
    expect(blocks, `prefix ${JSON.stringify(prefix)}`).toEqual(fresh.blocks);
    expect(inc.currentLinks).toEqual(fresh.links);
  }
}

describe('IncrementalLexer', () => {
  it.each(TRICKY_CORPUS.map((text, i) => [i, text] as const))(
    'corpus #%i: equals a fresh full lex after every single-character delta',
    (_i, text) => {
      const cuts = Array.from({ length: text.length + 1 }, (_, k) => k);
      checkEveryStep(text, cuts);
    },
  );

  it('equals a fresh full lex for random chunkings of the whole corpus', () => {
    const text = TRICKY_CORPUS.join('\n\n');
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 20; round++) {
      const cuts: number[] = [];
      let at = 0;
      while (at < text.length) {
        at = Math.min(text.length, at + 1 + Math.floor(random() * 12));
        cuts.push(at);
      }
      checkEveryStep(text, cuts);
    }
  }, 60_000); // a full lex per step of the whole corpus: quadratic by design, slow on a busy machine

  it('keeps stable blocks as the same objects and only re-lexes the tail', () => {
    const inc = new IncrementalLexer();
    const a = inc.update('First paragraph.\n\nSecond');
    expect(inc.stableCount).toBe(2); // paragraph + blank line
    const first = a[0];
    const b = inc.update('First paragraph.\n\nSecond paragraph grows');
    expect(b[0]).toBe(first);
    expect(inc.stats.fullLexes).toBe(0);
  });

  it('starts over when the text is not an extension (edit / regenerate)', () => {
    const inc = new IncrementalLexer();
    inc.update('Hello **world**\n\nmore');
    inc.update('Goodbye');
    expect(inc.update('Goodbye')).toEqual(lexFull('Goodbye').blocks);
    inc.update('Goodbye\n\n# Head');
    expect(inc.update('Other')).toEqual(lexFull('Other').blocks);
    expect(inc.stats.fullLexes).toBe(2);
  });

  it('handles "\\r" then "\\n" arriving in separate deltas', () => {
    checkEveryStep('a\r\nb\r\n\r\nc\r', [2, 3, 4, 6, 7, 8, 9]);
  });

  const measure = (tokenTarget: number): { ratio: number; inline: number; fast: number; updates: number; maxTail: number; fullLexes: number } => {
    const { text, deltas } = generateAnswer(tokenTarget, 7);
    const inc = new IncrementalLexer();
    let current = '';
    let maxTail = 0;
    let before = 0;
    for (const d of deltas) {
      current += d;
      inc.update(current);
      maxTail = Math.max(maxTail, inc.stats.charsLexed - before);
      before = inc.stats.charsLexed;
    }
    expect(current).toBe(text);
    expect(inc.update(text)).toEqual(lexFull(text).blocks);
    return {
      ratio: inc.stats.charsLexed / text.length,
      inline: inc.stats.inlineCharsLexed / text.length,
      fast: inc.stats.fastAppends,
      updates: inc.stats.updates,
      maxTail,
      fullLexes: inc.stats.fullLexes,
    };
  };

  it('a 20,000-token answer fed in 1-3 token deltas is lexed in O(n) work', () => {
    const small = measure(5_000);
    const large = measure(20_000);
    // Work per delta is bounded by the size of the last unstable block(s), not by the answer:
    // the work/length ratio does not grow with the answer (quadratic would grow 4x here) ...
    expect(large.ratio).toBeLessThan(small.ratio * 1.25);
    // ... and re-lexing everything per delta would be ~deltas/2 ≈ 5,000x; we stay far below.
    expect(large.ratio).toBeLessThan(60);
    // Fast paths (open fence, paragraph, tight list item): the block lexer sees ~9x the final
    // length (38x before them); most updates never call it.
    expect(large.ratio).toBeLessThan(12);
    expect(large.fast).toBeGreaterThan(large.updates * 0.6);
    expect(large.maxTail).toBeLessThan(2_000);
    expect(large.fullLexes).toBe(0);
    console.info(
      `incremental lexing: block ${large.ratio.toFixed(1)}x final length (5k tokens: ${small.ratio.toFixed(1)}x), ` +
        `inline (paragraph fast path) ${large.inline.toFixed(1)}x, fast path ${large.fast}/${large.updates} updates, max tail ${large.maxTail} chars`,
    );
  });

  /** Lexing work for one big block streamed in ~4-character deltas (work / final length). */
  const growBlock = (text: string): { ratio: number; bigUpdates: number } => {
    const inc = new IncrementalLexer();
    let current = '';
    let bigUpdates = 0;
    let before = 0;
    for (const delta of tokenize(text)) {
      current += delta;
      inc.update(current);
      if (inc.stats.charsLexed - before > 500) bigUpdates++;
      before = inc.stats.charsLexed;
    }
    expect(inc.update(text)).toEqual(lexFull(text).blocks);
    return { ratio: inc.stats.charsLexed / text.length, bigUpdates };
  };
  const table = (rows: number): string =>
    '| # | name | value |\n|--:|:--|:-:|\n' + Array.from({ length: rows }, (_, i) => `| ${i} | row **${i}** | \`v${i}\` |`).join('\n') + '\n\nAfter.';
  const list = (items: number): string =>
    Array.from({ length: items }, (_, i) => `- item ${i} with *some* text\n  continued ${i}`).join('\n') + '\n\nAfter.';

  it.each([
    ['table', table],
    ['tight list', list],
  ] as const)('a 2,000-line %s streamed in small deltas is lexed in O(n) work (issue #11)', (_name, build) => {
    const small = growBlock(build(500));
    expect(small.ratio).toBeLessThan(40);
    const large = growBlock(build(2_000));
    // Quadratic (re-lexing the block from its first line per delta) grows ~4x here and reaches
    // thousands of times the length; the row / item fast paths keep it flat. Each delta lexes the
    // last row (plus the table's two header lines) or the last item only ...
    expect(large.ratio).toBeLessThan(small.ratio * 1.25);
    expect(large.ratio).toBeLessThan(40);
    // ... and the whole block is lexed again only once, when "After." ends it.
    expect(large.bigUpdates).toBeLessThanOrEqual(1);
  }, 60_000);
});
