// What answers wait for outside the queue, kept in storage.session so a worker that stops and
// starts again still knows (issue #11): a scheduled rate-limit retry (item 10), and a playground
// check the user is passing in a tab (item 4: start-up must not send that answer by itself).
// storage.session outlives the worker, not the browser; after a browser restart a waiting answer
// is simply queued again by start-up recovery.
import { browser } from 'wxt/browser';
import type { RequestSpec } from './request';

export type Wait =
  | { kind: 'verification'; conversationId: string; messageId: string }
  /** `spec` is the request to submit at `retryAt` (its attempt already counts this retry). */
  | { kind: 'retry'; conversationId: string; messageId: string; retryAt: number; spec: Omit<RequestSpec, 'requestId'> };

const KEY = 'engine:waits';
type WaitMap = Record<string, Wait>;

// Read-modify-write of one key: every change goes through one chain, in order.
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(step: () => Promise<T>): Promise<T> {
  const next = chain.then(step, step);
  chain = next.catch(() => undefined);
  return next;
}

async function read(): Promise<WaitMap> {
  const stored = (await browser.storage.session.get(KEY))[KEY] as WaitMap | undefined;
  return stored && typeof stored === 'object' ? stored : {};
}

export function readWaits(): Promise<WaitMap> {
  return serial(read);
}

export function putWait(wait: Wait): Promise<void> {
  return serial(async () => {
    const map = await read();
    map[wait.messageId] = wait;
    await browser.storage.session.set({ [KEY]: map });
  });
}

/** Removes and returns the message's wait (of `kind`, if given; another kind is left alone). */
export function takeWait(messageId: string, kind?: Wait['kind']): Promise<Wait | undefined> {
  return serial(async () => {
    const map = await read();
    const wait = map[messageId];
    if (!wait || (kind && wait.kind !== kind)) return undefined;
    delete map[messageId];
    await browser.storage.session.set({ [KEY]: map });
    return wait;
  });
}
