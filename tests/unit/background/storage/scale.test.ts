// Scale check: thousands of conversations. Asserts correctness only; the timings are printed
// for the report (fake-indexeddb is a pure-JS in-memory engine, far slower than real IndexedDB,
// so these numbers are an upper bound, not a benchmark).
import { beforeAll, describe, expect, it } from 'vitest';
import { listConversations } from '@/lib/background/storage/conversations';
import { openDb } from '@/lib/background/storage/db';
import type { ExportedConversation } from '@/lib/background/storage/export-import';
import { importData } from '@/lib/background/storage/export-import-apply';
import { searchConversations } from '@/lib/background/storage/search';
import { fold } from '@/lib/background/storage/text';
import type { Message } from '@/lib/protocol/records';
import { freshDb } from './helpers';

// 2,000 × 20 took ~70 s to fill in fake-indexeddb with DB v2's ≈860k search-term rows (v3: one
// search-index row per conversation; 500 × 20 filled in 23 s vs 152 s for v2 at load ~10), too slow
// for every run: the default is 500 × 20; FLARECHAT_SCALE=2000 runs the full size.
const CONVERSATIONS = Number(process.env.FLARECHAT_SCALE) || 500;
const MESSAGES = 20;
const BATCH = 100; // conversations per transaction

// Deterministic pseudo-random text: a 3,000-word vocabulary with a Zipf-like skew, plus a few
// marker words with known frequencies.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'pe', 'gra', 'str', 'on', 'el', 'ba', 'qu', 'zo'];
const vocabulary = Array.from({ length: 3000 }, (_, i) => {
  let word = '';
  let n = i + 1;
  while (n > 0) {
    word += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return word;
});
const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 2)];
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

function makeConversation(i: number): ExportedConversation {
  const id = `c${String(i).padStart(5, '0')}`;
  const base = 1_700_000_000_000 + i * 60_000;
  const messages: Message[] = Array.from({ length: MESSAGES }, (_, seq) => {
    let text = sentence(12 + Math.floor(random() * 20));
    if (seq === 5 && i % 100 === 7) text += ' penguin colony';
    if (seq === 9 && i % 40 === 3) text += ' Пингвин антарктида';
    if (seq === 11 && i % 250 === 1) text += ' 企鹅生活在南极';
    return {
      id: `${id}-m${seq}`, conversationId: id, seq, role: seq % 2 === 0 ? 'user' : 'assistant', text,
      status: 'done', createdAt: base + seq, updatedAt: base + seq,
    };
  });
  return {
    id, title: `Topic ${i} ${word()}`, createdAt: base, updatedAt: base + MESSAGES, pinned: i % 500 === 0,
    messageCount: MESSAGES, preview: messages[MESSAGES - 1].text.slice(0, 120), messages,
  };
}

const ms = (start: number) => Math.round((performance.now() - start) * 10) / 10;

async function timed<T>(run: () => Promise<T>, repeat = 3): Promise<{ result: T; best: number }> {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    result = await run();
    best = Math.min(best, ms(start));
  }
  return { result, best };
}

describe(`scale: ${CONVERSATIONS} conversations × ${MESSAGES} messages`, () => {
  const all: ExportedConversation[] = [];

  beforeAll(async () => {
    await freshDb();
    for (let i = 0; i < CONVERSATIONS; i++) all.push(makeConversation(i));
    const start = performance.now();
    for (let i = 0; i < CONVERSATIONS; i += BATCH) {
      await importData({ format: 'flarechat-export', version: 1, exportedAt: 0, conversations: all.slice(i, i + BATCH) });
    }
    const db = await openDb();
    console.log(
      `[scale] filled ${CONVERSATIONS} conversations, ${await db.count('messages')} messages, ` +
        `${await db.count('search-index')} search-index rows in ${ms(start)} ms (${CONVERSATIONS / BATCH} transactions)`,
    );
  }, 300_000);

  it('lists pinned first, then by recency, page by page', async () => {
    const first = await timed(() => listConversations({ limit: 50 }));
    const page = first.result;
    expect(page).toHaveLength(50);
    const pinned = all.filter((c) => c.pinned).map((c) => c.id).reverse();
    expect(page.slice(0, pinned.length).map((c) => c.id)).toEqual(pinned);
    const rest = all.filter((c) => !c.pinned).map((c) => c.id).reverse().slice(0, 50 - pinned.length);
    expect(page.slice(pinned.length).map((c) => c.id)).toEqual(rest);

    let cursor = page[page.length - 1];
    let seen = page.length;
    const deep = performance.now();
    for (;;) {
      const next = await listConversations({ limit: 50, before: cursor });
      if (next.length === 0) break;
      seen += next.length;
      cursor = next[next.length - 1];
    }
    expect(seen).toBe(CONVERSATIONS);
    console.log(`[scale] listConversations first page of 50: ${first.best} ms; all ${CONVERSATIONS / 50} pages: ${ms(deep)} ms`);
  });

  function bruteForce(query: string): string[] {
    const words = query.split(/\s+/).map(fold);
    const matches = (text: string) => {
      const folded = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')}`;
      return (w: string) => (/[\p{Script=Han}]/u.test(w) ? folded.includes(w) : folded.includes(` ${w}`));
    };
    return all
      .filter((c) => {
        const texts = [c.title, ...c.messages.map((m) => m.text)].map(matches);
        return words.every((w) => texts.some((has) => has(w)));
      })
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((c) => c.id);
  }

  it('searches with the inverted index (keystroke by keystroke) and matches a brute-force scan', async () => {
    const lines: string[] = [];
    for (const query of ['p', 'pe', 'pen', 'peng', 'penguin', 'penguin col', 'пинг', 'пингвин антарк', '企鹅', '南极', `topic ${CONVERSATIONS - 1}`, 'kalo', 'zzzz']) {
      const { result, best } = await timed(() => searchConversations(query, 20));
      lines.push(`${JSON.stringify(query)}: ${best} ms, ${result.length} hits`);
      if (!/^p(e)?$/.test(query)) {
        // exact check against a brute-force scan (the very short prefixes are checked below)
        expect(result.map((r) => r.conversation.id)).toEqual(bruteForce(query).slice(0, 20));
      }
      for (const hit of result) expect(hit.snippet).not.toBeNull();
    }
    const short = await searchConversations('pe', 20);
    expect(short).toHaveLength(20);
    expect(short.every((r, i) => i === 0 || r.conversation.updatedAt <= short[i - 1].conversation.updatedAt)).toBe(true);
    expect((await searchConversations('penguin', 100)).map((r) => r.conversation.id)).toEqual(bruteForce('penguin'));
    console.log(`[scale] search over ${CONVERSATIONS}×${MESSAGES} (best of 3, limit 20):\n  ${lines.join('\n  ')}`);
  });
});
