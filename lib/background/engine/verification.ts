// "Open the playground to verify": open (or focus, never reload) a playground tab and, when it has loaded a
// page that is no longer a Cloudflare challenge, retry the answer that was waiting — without the
// user typing again. The tab is closed again if we opened it and the user did not navigate it.
// Pending verifications live in storage.session: the worker may sleep while the user solves it.
// No `tabs` permission is needed: our host permission for the playground exposes those tabs'
// url and title. https://developer.chrome.com/docs/extensions/reference/api/tabs#perms
import { browser, type Browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';

export interface PendingVerification {
  conversationId: string;
  messageId: string;
  /** We created the tab (so we may close it). */
  openedByUs: boolean;
  /** The URL we opened; a different URL later means the user navigated. */
  url: string;
  createdAt: number;
}

const KEY = 'verification:pending';
const CHALLENGE_TITLES = [/just a moment/i, /attention required/i, /^\s*$/];

type PendingMap = Record<string, PendingVerification>;

async function readPending(): Promise<PendingMap> {
  return ((await browser.storage.session.get(KEY))[KEY] as PendingMap | undefined) ?? {};
}

async function writePending(map: PendingMap): Promise<void> {
  await browser.storage.session.set({ [KEY]: map });
}

export function isChallengeTitle(title: string | undefined): boolean {
  return CHALLENGE_TITLES.some((re) => re.test(title ?? ''));
}

export async function openVerificationTab(job: { conversationId: string; messageId: string }, now = Date.now()): Promise<number | undefined> {
  const url = `${PLAYGROUND_ORIGIN}/`;
  const [existing] = await browser.tabs.query({ url: `${PLAYGROUND_ORIGIN}/*` });
  let tab: Browser.tabs.Tab | undefined;
  let openedByUs = false;
  if (existing?.id !== undefined && isChallengeTitle(existing.title)) {
    // The user's own playground tab shows the check: focus it, never reload it (issue #11: a
    // reload could throw away what they were doing there). Solving the check there fires the
    // load we watch for.
    tab = (await browser.tabs.update(existing.id, { active: true })) ?? existing;
    if (existing.windowId !== undefined) await browser.windows.update(existing.windowId, { focused: true }).catch(() => {});
  } else {
    // No tab, or the user's tab shows a page loaded before the check began (a stale clearance):
    // only a fresh load can pass the check, so verify in a tab of our own (closed afterwards) and
    // leave theirs untouched.
    tab = await browser.tabs.create({ url, active: true });
    openedByUs = true;
  }
  if (tab?.id === undefined) return undefined;
  const pending = await readPending();
  pending[String(tab.id)] = { ...job, openedByUs, url: tab.pendingUrl ?? tab.url ?? url, createdAt: now };
  await writePending(pending);
  listen();
  void refreshListening();
  return tab.id;
}

export interface VerificationCallbacks {
  passed(entry: PendingVerification): void;
  /** The user closed the tab before the check passed. */
  abandoned(entry: PendingVerification): void;
}

/*
 * Listening only while a verification is pending (issue #11): a tabs.onUpdated listener wakes the
 * worker for every page load in every tab. Firefox filters the event itself (`urls`, `properties`:
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/tabs/onUpdated); Chrome's
 * tabs.onUpdated takes no filter, so there the listener is removed whenever nothing is pending.
 * Removing a service worker's last listener also drops Chrome's record of it, so the worker is not
 * woken for that event any more; adding it again when a verification starts records it again.
 * The listeners are still added synchronously at start-up (a playground tab finishing its load may
 * be what woke the worker, and only listeners added in the first turn receive that event), and
 * removed once storage.session shows nothing pending.
 */
let watcher: { callbacks: VerificationCallbacks; ready: Promise<unknown> } | undefined;
let listening = false;

const PLAYGROUND_TABS = { urls: [`${PLAYGROUND_ORIGIN}/*`], properties: ['status' as const] };

function onUpdated(tabId: number, changeInfo: Browser.tabs.OnUpdatedInfo, tab: Browser.tabs.Tab): void {
  if (changeInfo.status !== 'complete' || !watcher) return;
  const { callbacks, ready } = watcher;
  void ready.then(() => onLoaded(tabId, tab, callbacks));
}

function onRemoved(tabId: number): void {
  if (!watcher) return;
  const { callbacks, ready } = watcher;
  void ready.then(async () => {
    const pending = await readPending();
    const entry = pending[String(tabId)];
    if (!entry) return;
    delete pending[String(tabId)];
    await writePending(pending);
    void refreshListening();
    callbacks.abandoned(entry);
  });
}

function listen(): void {
  if (listening) return;
  listening = true;
  if (import.meta.env.FIREFOX) {
    // The typings know only Chrome's one-argument form.
    const event = browser.tabs.onUpdated as unknown as { addListener(listener: typeof onUpdated, filter: typeof PLAYGROUND_TABS): void };
    event.addListener(onUpdated, PLAYGROUND_TABS);
  } else browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);
}

function unlisten(): void {
  if (!listening) return;
  listening = false;
  browser.tabs.onUpdated.removeListener(onUpdated);
  browser.tabs.onRemoved.removeListener(onRemoved);
}

let refreshing: Promise<void> = Promise.resolve();

/** Listen exactly while storage.session holds a pending verification (serialised: the last read wins). */
function refreshListening(): Promise<void> {
  refreshing = refreshing.then(async () => {
    const pending = await readPending().catch(() => null);
    if (pending === null) return; // unknown: keep listening as we are
    if (Object.keys(pending).length > 0) listen();
    else unlisten();
  });
  return refreshing;
}

/** Registered synchronously at start-up (the load event may be what wakes the worker); see above. */
export function watchVerificationTabs(callbacks: VerificationCallbacks, ready: Promise<unknown>): void {
  watcher = { callbacks, ready };
  listen();
  void ready.then(refreshListening);
}

/** Tests: resolves once the listeners match what storage.session holds. */
export async function verificationWatchSettled(): Promise<void> {
  await watcher?.ready;
  await refreshListening();
}

/** Tests: forget the module's listeners (a restarted worker starts with none). */
export function resetVerificationWatch(): void {
  unlisten();
  watcher = undefined;
  refreshing = Promise.resolve();
}

async function onLoaded(tabId: number, tab: Browser.tabs.Tab, callbacks: VerificationCallbacks): Promise<void> {
  const pending = await readPending();
  const entry = pending[String(tabId)];
  if (!entry) return;
  if (!tab.url?.startsWith(PLAYGROUND_ORIGIN) || isChallengeTitle(tab.title)) return; // still checking
  delete pending[String(tabId)];
  await writePending(pending);
  void refreshListening();
  callbacks.passed(entry);
  if (entry.openedByUs && tab.url === entry.url) await browser.tabs.remove(tabId).catch(() => {});
}
