// The live-region announcer (issue #7): sentence-sized chunks, at most one per interval, never one
// per token; the end of the answer is announced with what was left unsaid.
import { describe, expect, it } from 'vitest';
import { AnswerAnnouncer, lastSentenceEnd, speakable, type AnswerEnd } from '@/lib/pages/announcer';

/** A clock and timer queue under the test's control. */
function harness(intervalMs = 1500) {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const said: Array<{ at: number; text: string }> = [];
  const announcer = new AnswerAnnouncer((text) => said.push({ at: now, text }), (end: AnswerEnd) => `[${end}]`, {
    intervalMs,
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > until) break;
      timers.shift();
      now = next.at;
      next.fn();
    }
    now = until;
  };
  return { announcer, said, advance, pendingTimers: () => timers.length };
}

describe('AnswerAnnouncer', () => {
  it('streams 200 tokens over 4 s as a handful of sentence chunks, then "complete" with the rest', () => {
    const { announcer, said, advance } = harness();
    const sentence = 'This sentence has exactly eight words in it. ';
    const full = sentence.repeat(20);
    const tokens = full.match(/\S+\s*/g)!;
    let text = '';
    for (const token of tokens) {
      text += token;
      announcer.update('a1', text);
      advance(20);
    }
    const streamed = said.length;
    // 160 tokens at 20 ms = 3.2 s: the first sentence at once, then one per 1.5 s.
    expect(streamed).toBeGreaterThanOrEqual(2);
    expect(streamed).toBeLessThanOrEqual(4);
    for (let i = 1; i < said.length; i++) expect(said[i].at - said[i - 1].at).toBeGreaterThanOrEqual(1500);
    // Chunks end on sentence boundaries.
    for (const s of said) expect(s.text).toMatch(/\.$/);
    announcer.finish('a1', 'done', text);
    const last = said[said.length - 1].text;
    expect(last.endsWith('[done]')).toBe(true);
    // Everything was said exactly once, in order.
    const joined = said.map((s) => s.text).join(' ').replace(' [done]', '');
    expect(joined.replace(/\s+/g, ' ')).toBe(full.trim().replace(/\s+/g, ' '));
  });

  it('waits for a sentence end; a short answer is said once at the end with "complete"', () => {
    const { announcer, said, advance } = harness();
    announcer.update('a', 'Hello');
    advance(3000);
    announcer.update('a', 'Hello! You said');
    advance(3000);
    expect(said).toEqual([]);
    announcer.finish('a', 'done', 'Hello! You said: hi');
    expect(said.map((s) => s.text)).toEqual(['Hello! You said: hi [done]']);
  });

  it('a pending chunk goes out when the interval passes even if no token arrives', () => {
    const { announcer, said, advance, pendingTimers } = harness();
    announcer.update('a', 'The first sentence is long enough to be read. ');
    expect(said).toHaveLength(1);
    announcer.update('a', 'The first sentence is long enough to be read. And here is a second sentence, also long. ');
    expect(said).toHaveLength(1);
    expect(pendingTimers()).toBe(1);
    advance(1500);
    expect(said.map((s) => s.text)).toEqual(['The first sentence is long enough to be read.', 'And here is a second sentence, also long.']);
  });

  it('stopped and error ends; a new answer starts from its beginning; markdown is read as words', () => {
    const { announcer, said } = harness();
    announcer.update('a', '**Bold** claim here, with `code` in it. Then more');
    announcer.finish('a', 'stopped', '**Bold** claim here, with `code` in it. Then more');
    expect(said.map((s) => s.text)).toEqual(['Bold claim here, with code in it.', 'Then more [stopped]']);
    said.length = 0;
    announcer.finish('b', 'error', 'partial text');
    expect(said.map((s) => s.text)).toEqual(['[error]']);
  });
});

describe('speakable / lastSentenceEnd', () => {
  it('drops fences, table rules, heading and link syntax', () => {
    expect(speakable('# Title\n\n```ts\nconst a = 1;\n```\n| a | b |\n|---|---|\n| 1 | 2 |\nSee [docs](https://x.y).')).toBe('Title\nconst a = 1;\na b\n1 2\nSee docs.');
  });
  it('finds the last sentence or line end', () => {
    expect(lastSentenceEnd('One. Two')).toBe(4);
    expect(lastSentenceEnd('No end')).toBe(-1);
    expect(lastSentenceEnd('Line\nmore')).toBe(5);
    expect(lastSentenceEnd('Version 1.5 is out')).toBe(-1);
  });
});
