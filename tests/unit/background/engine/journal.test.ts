// Issue #11 item 7: the journal must not fill storage.session — a bounded key count per answer,
// bytes counted, and a failed write reported instead of swallowed.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import { openJournal, readJournals, type JournalFailure } from '@/lib/background/engine/journal';
import { JOURNAL_FAILED_MESSAGE } from '@/lib/background/engine/runner';
import { closeDb } from '@/lib/background/storage/db';
import { recorder, scriptedStream } from './fake-stream';

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
});

const meta = { conversationId: 'c', requestId: 'r', messageId: 'm' };

async function sessionKeys(): Promise<string[]> {
  return Object.keys(await fakeBrowser.storage.session.get(null)).filter((k) => k.startsWith('journal:'));
}

describe('journal size', () => {
  it('a 20,000-token answer written token by token keeps a bounded number of keys, and reads back whole', async () => {
    const journal = openJournal(meta);
    let expected = '';
    let maxKeys = 0;
    for (let i = 0; i < 20_000; i++) {
      const token = `tok${i % 97} `;
      expected += token;
      journal.append(token, '', i + 1);
      // The worst case: every token lands after the previous write (one write per token).
      await journal.flushed();
      if (i % 500 === 0) maxKeys = Math.max(maxKeys, (await sessionKeys()).length);
    }
    const keys = await sessionKeys();
    // Was 20,001 (one key per token). Now logarithmic: at most (FANOUT - 1) per level, plus the head.
    expect(keys.length).toBeLessThanOrEqual(40);
    expect(maxKeys).toBeLessThanOrEqual(40);
    const [entry] = await readJournals();
    expect(entry.text).toBe(expected);
    expect(entry.seq).toBe(20_000);
    const bytes = JSON.stringify(await fakeBrowser.storage.session.get(null)).length;
    expect(bytes).toBeLessThan(expected.length * 1.1 + 2_000);
    await journal.clear();
    expect(await sessionKeys()).toEqual([]);
  }, 60_000);

  it('stops at its byte budget and says so', async () => {
    const failures: JournalFailure[] = [];
    const journal = openJournal(meta, Date.now, (f) => failures.push(f));
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 25; i++) {
      journal.append(big, '', i + 1);
      await journal.flushed();
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'too-large' });
    const [entry] = await readJournals();
    // What is stored is a whole prefix of the answer, under 2 MB.
    expect(entry.text).toBe(big.repeat(entry.text.length / big.length));
    expect(entry.text.length).toBeLessThanOrEqual(2_000_000);
  });
});

describe('journal write failure', () => {
  it('a quota error is reported once, the journal keeps a consistent prefix, and the answer still completes', async () => {
    const script = scriptedStream();
    const engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')) });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    const call = await script.nextCall();
    call.emit({ type: 'text-delta', text: 'stored ' });
    await new Promise((r) => setTimeout(r, 10));
    const set = fakeBrowser.storage.session.set;
    vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation((items) =>
      Object.keys(items).some((k) => k.startsWith('journal:'))
        ? Promise.reject(new Error('Session storage quota bytes exceeded. Values were not stored.'))
        : Reflect.apply(set, fakeBrowser.storage.session, [items]),
    );
    call.emit({ type: 'text-delta', text: 'not stored ' });
    await new Promise((r) => setTimeout(r, 10));
    call.emit({ type: 'text-delta', text: 'nor this' });
    await new Promise((r) => setTimeout(r, 10));
    const rejected = ui.ofType('request-rejected');
    expect(rejected).toEqual([{ type: 'request-rejected', code: 'storage', error: JOURNAL_FAILED_MESSAGE }]);
    expect((await readJournals())[0].text).toBe('stored ');
    vi.restoreAllMocks();
    call.end({ type: 'finish' });
    const end = await ui.waitFor('chat-end');
    expect(end.message).toMatchObject({ status: 'done', text: 'stored not stored nor this' });
  });
});
