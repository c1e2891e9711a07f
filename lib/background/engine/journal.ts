// The delta journal: the answer so far, kept in storage.session so that a worker that dies
// mid-stream loses (almost) nothing: session storage outlives the worker, not the browser
// (IndexedDB gets a slower checkpoint for the browser-crash case).
//
// Append-only: each write stores only the text added since the previous write, as a numbered
// chunk, plus a small head record listing the chunks — so the cost per write is the size of the
// new text, not of the whole answer (no O(n²) on long answers). Chunks merge in the background
// so the key count stays small (issue #11 item 7); bytes are counted against a budget, and a
// failed write is reported (onFailure), never swallowed. Writes are chained: the next one starts as soon
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
  /** The chunk numbers that make up the answer, in order. */
  chunks: number[];
  updatedAt: number;
}

interface JournalChunk {
  t: string;
  r: string;
}

const PREFIX = 'journal:';
const headKey = (messageId: string) => `${PREFIX}${messageId}`;
const chunkKey = (messageId: string, index: number) => `${PREFIX}${messageId}:${index}`;
/**
 * storage.session holds 10 MB in all (keys and JSON values), shared with handoffs and pending
 * verifications; two answers run at once. Past this many bytes an answer is only checkpointed to
 * IndexedDB. https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */
export const MAX_JOURNAL_BYTES = 2_000_000;
/**
 * Chunks merge like a log-structured tree: FANOUT chunks of one level become one chunk of the
 * next. Keys per answer stay logarithmic (a 20,000-token answer: under 40, was one per token),
 * each character is rewritten once per level, and a write still carries only the new text.
 */
const FANOUT = 8;

interface Chunk extends JournalChunk {
  index: number;
  level: number;
}

export interface Journal {
  /** New text arrived: schedule it for the journal (cheap; never awaits). */
  append(text: string, reasoning: string, seq: number): void;
  /** Resolves when everything appended so far is stored. */
  flushed(): Promise<void>;
  /** The answer ended and is saved elsewhere: drop the journal. */
  clear(): Promise<void>;
}

/** Why the journal stopped: storage refused a write (e.g. quota), or the answer outgrew its budget. */
export type JournalFailure = { kind: 'write-failed'; error: unknown } | { kind: 'too-large'; bytes: number };

const size = (key: string, value: unknown) => key.length + JSON.stringify(value).length;

export function openJournal(
  meta: { conversationId: string; requestId: string; messageId: string },
  now: () => number = Date.now,
  onFailure: (failure: JournalFailure) => void = () => {},
): Journal {
  let pendingText = '';
  let pendingReasoning = '';
  let seq = 0;
  let nextIndex = 0;
  const chunks: Chunk[] = [];
  let writing: Promise<void> | null = null;
  let cleared = false;
  /** Stopped after a failure: what is stored is a consistent prefix of the answer; recovery uses it. */
  let stopped = false;

  /** Bytes of the chunks stored for this answer (kept as a running count: no O(n) per write). */
  let storedBytes = 0;
  const chunkBytes = (c: Chunk) => size(chunkKey(meta.messageId, c.index), { t: c.t, r: c.r });
  const head = (): JournalHead => ({ ...meta, seq, chunks: chunks.map((c) => c.index), updatedAt: now() });
  const stop = (failure: JournalFailure) => {
    stopped = true;
    onFailure(failure);
  };

  /** One set() stores the new chunks and the head that lists them, atomically; replaced chunks go after. */
  const store = async (added: Chunk[], replaced: Chunk[]): Promise<boolean> => {
    const next = storedBytes + added.reduce((n, c) => n + chunkBytes(c), 0) - replaced.reduce((n, c) => n + chunkBytes(c), 0);
    if (next > MAX_JOURNAL_BYTES) {
      stop({ kind: 'too-large', bytes: next });
      return false;
    }
    const items: Record<string, unknown> = { [headKey(meta.messageId)]: head() };
    for (const c of added) items[chunkKey(meta.messageId, c.index)] = { t: c.t, r: c.r } satisfies JournalChunk;
    try {
      await browser.storage.session.set(items);
      storedBytes = next;
      if (replaced.length > 0) await browser.storage.session.remove(replaced.map((c) => chunkKey(meta.messageId, c.index)));
      return true;
    } catch (error) {
      stop({ kind: 'write-failed', error });
      return false;
    }
  };

  /** Merges the tail while its last FANOUT chunks share a level. */
  const compact = async (): Promise<boolean> => {
    for (;;) {
      const tail = chunks.slice(-FANOUT);
      if (tail.length < FANOUT || tail.some((c) => c.level !== tail[0].level)) return true;
      const merged: Chunk = { index: nextIndex++, level: tail[0].level + 1, t: tail.map((c) => c.t).join(''), r: tail.map((c) => c.r).join('') };
      chunks.splice(-FANOUT, FANOUT, merged);
      if (!(await store([merged], tail))) return false;
    }
  };

  const write = async (): Promise<void> => {
    while (!cleared && !stopped && (pendingText || pendingReasoning)) {
      const chunk: Chunk = { index: nextIndex++, level: 0, t: pendingText, r: pendingReasoning };
      pendingText = '';
      pendingReasoning = '';
      chunks.push(chunk);
      if (!(await store([chunk], []))) return;
      if (!(await compact())) return;
    }
  };
  const kick = () => {
    writing ??= write().finally(() => {
      writing = null;
      if (!cleared && !stopped && (pendingText || pendingReasoning)) kick();
    });
  };

  return {
    append(text, reasoning, nextSeq) {
      if (cleared || stopped) return;
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
    if (typeof head?.messageId !== 'string' || !Array.isArray(head.chunks)) continue;
    let text = '';
    let reasoning = '';
    for (const index of head.chunks) {
      const chunk = all[chunkKey(head.messageId, Number(index))] as Partial<JournalChunk> | undefined;
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
