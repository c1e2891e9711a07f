// The delta journal: the answer so far, kept in storage.session so that a worker that dies
// mid-stream loses (almost) nothing: session storage outlives the worker, not the browser
// (IndexedDB gets a slower checkpoint for the browser-crash case).
//
// Append-only: each write stores only the text added since the previous write, as a numbered
// chunk, plus a small head record — so the cost per write is the size of the new text, not of
// the whole answer (no O(n²) on long answers). Writes are chained: the next one starts as soon
// as the previous has landed, carrying everything that arrived meanwhile. The window a sudden
// worker death can lose is one storage round trip, not a timer period.
import { browser } from 'wxt/browser';

export interface JournalEntry {
  conversationId: string;
  requestId: string;
  messageId: string;
  text: string;
  reasoning: string;
  seq: number;
  updatedAt: number;
}

interface JournalHead {
  conversationId: string;
  requestId: string;
  messageId: string;
  seq: number;
  chunks: number;
  updatedAt: number;
}

interface JournalChunk {
  t: string;
  r: string;
}

const PREFIX = 'journal:';
const headKey = (messageId: string) => `${PREFIX}${messageId}`;
const chunkKey = (messageId: string, index: number) => `${PREFIX}${messageId}:${index}`;
/** storage.session holds 10 MB in all; past this an answer is only checkpointed to IndexedDB. */
const MAX_JOURNAL_CHARS = 2_000_000;

export interface Journal {
  /** New text arrived: schedule it for the journal (cheap; never awaits). */
  append(text: string, reasoning: string, seq: number): void;
  /** Resolves when everything appended so far is stored. */
  flushed(): Promise<void>;
  /** The answer ended and is saved elsewhere: drop the journal. */
  clear(): Promise<void>;
}

export function openJournal(meta: { conversationId: string; requestId: string; messageId: string }, now: () => number = Date.now): Journal {
  let pendingText = '';
  let pendingReasoning = '';
  let seq = 0;
  let chunks = 0;
  let stored = 0;
  let writing: Promise<void> | null = null;
  let cleared = false;

  const write = async (): Promise<void> => {
    while (!cleared && (pendingText || pendingReasoning)) {
      const chunk: JournalChunk = { t: pendingText, r: pendingReasoning };
      stored += pendingText.length + pendingReasoning.length;
      pendingText = '';
      pendingReasoning = '';
      if (stored > MAX_JOURNAL_CHARS) return;
      const head: JournalHead = { ...meta, seq, chunks: chunks + 1, updatedAt: now() };
      const index = chunks;
      chunks += 1;
      // One set() writes the chunk and the head that counts it, atomically.
      await browser.storage.session.set({ [chunkKey(meta.messageId, index)]: chunk, [headKey(meta.messageId)]: head }).catch(() => {});
    }
  };
  const kick = () => {
    writing ??= write().finally(() => {
      writing = null;
      if (!cleared && (pendingText || pendingReasoning)) kick();
    });
  };

  return {
    append(text, reasoning, nextSeq) {
      if (cleared) return;
      pendingText += text;
      pendingReasoning += reasoning;
      seq = nextSeq;
      kick();
    },
    async flushed() {
      while (writing) await writing;
    },
    async clear() {
      cleared = true;
      await writing?.catch(() => {});
      await clearJournal(meta.messageId);
    },
  };
}

export async function clearJournal(messageId: string): Promise<void> {
  const all = await browser.storage.session.get(null);
  const keys = Object.keys(all).filter((k) => k === headKey(messageId) || k.startsWith(`${headKey(messageId)}:`));
  if (keys.length > 0) await browser.storage.session.remove(keys);
}

/** Every journal in storage.session, reassembled from its chunks. */
export async function readJournals(): Promise<JournalEntry[]> {
  const all = await browser.storage.session.get(null);
  const entries: JournalEntry[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(PREFIX) || key.slice(PREFIX.length).includes(':')) continue;
    const head = value as Partial<JournalHead>;
    if (typeof head?.messageId !== 'string' || typeof head.chunks !== 'number') continue;
    let text = '';
    let reasoning = '';
    for (let i = 0; i < head.chunks; i++) {
      const chunk = all[chunkKey(head.messageId, i)] as Partial<JournalChunk> | undefined;
      text += typeof chunk?.t === 'string' ? chunk.t : '';
      reasoning += typeof chunk?.r === 'string' ? chunk.r : '';
    }
    entries.push({
      conversationId: String(head.conversationId),
      requestId: String(head.requestId),
      messageId: head.messageId,
      text,
      reasoning,
      seq: Number(head.seq) || 0,
      updatedAt: Number(head.updatedAt) || 0,
    });
  }
  return entries;
}

/** Calls `flush` at most once per `intervalMs` while `touch` keeps being called. */
export function throttle(flush: () => void, intervalMs: number): { touch(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    touch() {
      timer ??= setTimeout(() => {
        timer = undefined;
        flush();
      }, intervalMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
