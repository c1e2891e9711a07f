// The delta journal: the answer so far, kept in storage.session so that a worker that dies
// mid-stream loses nothing (session storage outlives the worker, not the browser; IndexedDB
// gets a slower checkpoint for the browser-crash case). Writes are throttled: a delta costs
// nothing but a string append; storage sees at most one write per interval.
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

const PREFIX = 'journal:';
const keyOf = (messageId: string) => `${PREFIX}${messageId}`;

export async function writeJournal(entry: JournalEntry): Promise<void> {
  await browser.storage.session.set({ [keyOf(entry.messageId)]: entry });
}

export async function clearJournal(messageId: string): Promise<void> {
  await browser.storage.session.remove(keyOf(messageId));
}

export async function readJournals(): Promise<JournalEntry[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([, value]) => value as JournalEntry)
    .filter((entry) => typeof entry?.messageId === 'string' && typeof entry.text === 'string');
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
