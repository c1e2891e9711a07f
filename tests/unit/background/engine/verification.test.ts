// "Open the playground to verify" (issue #11): listen to tab loads only while a verification is
// pending, and never reload a playground tab the user opened themselves.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import {
  openVerificationTab,
  resetVerificationWatch,
  verificationWatchSettled,
  watchVerificationTabs,
  type PendingVerification,
} from '@/lib/background/engine/verification';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';

const job = { conversationId: 'c1', messageId: 'a1' };
const loaded = (id: number, title: string): Browser.tabs.Tab =>
  ({ id, windowId: 0, index: 0, url: `${PLAYGROUND_ORIGIN}/`, title, status: 'complete', active: true, pinned: false, highlighted: false, incognito: false }) as Browser.tabs.Tab;

function callbacks() {
  const passed: PendingVerification[] = [];
  const abandoned: PendingVerification[] = [];
  return { passed, abandoned, cb: { passed: (e: PendingVerification) => void passed.push(e), abandoned: (e: PendingVerification) => void abandoned.push(e) } };
}

type Listened = { hasListeners(): boolean };
const hasAny = (event: unknown): boolean => (event as Listened).hasListeners();
const listening = (): boolean => hasAny(fakeBrowser.tabs.onUpdated) && hasAny(fakeBrowser.tabs.onRemoved);

afterEach(() => {
  resetVerificationWatch();
  vi.restoreAllMocks();
});

describe('verification tab watch', () => {
  it('with nothing pending, a started worker stops listening to page loads (they no longer wake it)', async () => {
    const { cb } = callbacks();
    watchVerificationTabs(cb, Promise.resolve());
    expect(listening()).toBe(true); // synchronously, in case a pending one exists
    await verificationWatchSettled();
    expect(hasAny(fakeBrowser.tabs.onUpdated)).toBe(false);
    expect(hasAny(fakeBrowser.tabs.onRemoved)).toBe(false);
  });

  it('a verification pending in storage.session keeps the listener from the first turn, and the load that woke the worker is handled', async () => {
    const entry: PendingVerification = { ...job, openedByUs: true, url: `${PLAYGROUND_ORIGIN}/`, createdAt: 1 };
    await fakeBrowser.storage.session.set({ 'verification:pending': { '5': entry } });
    const removed = vi.spyOn(fakeBrowser.tabs, 'remove').mockResolvedValue(undefined);
    const { cb, passed } = callbacks();
    watchVerificationTabs(cb, Promise.resolve());
    expect(listening()).toBe(true);
    await fakeBrowser.tabs.onUpdated.trigger(5, { status: 'complete' }, loaded(5, 'Workers AI LLM Playground'));
    await verificationWatchSettled();
    expect(passed).toEqual([entry]);
    expect(removed).toHaveBeenCalledWith(5); // we opened it and the user did not navigate
    expect(listening()).toBe(false); // nothing pending any more
  });

  it('leaves the user\'s own playground tab alone when it shows a page loaded before the check: a fresh tab of ours verifies, then closes', async () => {
    const { cb, passed } = callbacks();
    watchVerificationTabs(cb, Promise.resolve());
    await verificationWatchSettled();
    const own = loaded(7, 'Workers AI LLM Playground');
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([own]);
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const reload = vi.fn(() => Promise.resolve());
    (fakeBrowser.tabs as unknown as { reload: typeof reload }).reload = reload;
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({ ...loaded(9, ''), status: 'loading', url: `${PLAYGROUND_ORIGIN}/` });
    const remove = vi.spyOn(fakeBrowser.tabs, 'remove').mockResolvedValue();
    expect(await openVerificationTab(job)).toBe(9);
    expect(create).toHaveBeenCalledTimes(1);
    expect(update).not.toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();
    expect(passed).toEqual([]); // a stale page proves nothing: wait for the fresh load
    await fakeBrowser.tabs.onUpdated.trigger(9, { status: 'complete' }, loaded(9, 'Workers AI LLM Playground'));
    await verificationWatchSettled();
    expect(passed.map((e) => e.messageId)).toEqual(['a1']);
    expect(remove).toHaveBeenCalledWith(9);
    expect(remove).not.toHaveBeenCalledWith(7); // never close the user's tab
  });

  it('the user\'s tab showing the check: waits for the user to pass it, then retries; the tab stays open', async () => {
    const { cb, passed } = callbacks();
    watchVerificationTabs(cb, Promise.resolve());
    await verificationWatchSettled();
    const own = loaded(8, 'Just a moment...');
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([own]);
    vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue(own);
    const reload = vi.fn(() => Promise.resolve());
    (fakeBrowser.tabs as unknown as { reload: typeof reload }).reload = reload;
    const remove = vi.spyOn(fakeBrowser.tabs, 'remove');
    await openVerificationTab(job);
    await verificationWatchSettled();
    expect(passed).toEqual([]);
    expect(listening()).toBe(true); // pending: now we listen
    await fakeBrowser.tabs.onUpdated.trigger(8, { status: 'complete' }, loaded(8, 'Workers AI LLM Playground'));
    await verificationWatchSettled();
    expect(passed.map((e) => e.messageId)).toEqual(['a1']);
    expect(reload).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
    expect(listening()).toBe(false);
  });

  it('opens a tab when none exists, listens while it is pending, and reports it abandoned when closed', async () => {
    const { cb, abandoned } = callbacks();
    watchVerificationTabs(cb, Promise.resolve());
    await verificationWatchSettled();
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([]);
    const id = await openVerificationTab(job);
    expect(id).toBeTypeOf('number');
    await verificationWatchSettled();
    expect(listening()).toBe(true);
    await fakeBrowser.tabs.onRemoved.trigger(id ?? -1, { isWindowClosing: false, windowId: 0 });
    await verificationWatchSettled();
    expect(abandoned.map((e) => e.messageId)).toEqual(['a1']);
    expect(listening()).toBe(false);
  });
});
