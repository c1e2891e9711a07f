// "Open the playground to verify": open (or focus) a playground tab and, when it has loaded a
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
  if (existing?.id !== undefined) {
    tab = (await browser.tabs.update(existing.id, { active: true })) ?? existing;
    if (existing.windowId !== undefined) await browser.windows.update(existing.windowId, { focused: true }).catch(() => {});
    // A reload shows the check again if it is still needed, and fires the load we watch for.
    await browser.tabs.reload(existing.id);
  } else {
    tab = await browser.tabs.create({ url, active: true });
    openedByUs = true;
  }
  if (tab?.id === undefined) return undefined;
  const pending = await readPending();
  pending[String(tab.id)] = { ...job, openedByUs, url: tab.pendingUrl ?? tab.url ?? url, createdAt: now };
  await writePending(pending);
  return tab.id;
}

export interface VerificationCallbacks {
  passed(entry: PendingVerification): void;
  /** The user closed the tab before the check passed. */
  abandoned(entry: PendingVerification): void;
}

/** Registered synchronously at start-up (the load event may be what wakes the worker). */
export function watchVerificationTabs(callbacks: VerificationCallbacks, ready: Promise<unknown>): void {
  browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    if (changeInfo.status !== 'complete') return;
    void ready.then(() => onLoaded(tabId, tab, callbacks));
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void ready.then(async () => {
      const pending = await readPending();
      const entry = pending[String(tabId)];
      if (!entry) return;
      delete pending[String(tabId)];
      await writePending(pending);
      callbacks.abandoned(entry);
    });
  });
}

async function onLoaded(tabId: number, tab: Browser.tabs.Tab, callbacks: VerificationCallbacks): Promise<void> {
  const pending = await readPending();
  const entry = pending[String(tabId)];
  if (!entry) return;
  if (!tab.url?.startsWith(PLAYGROUND_ORIGIN) || isChallengeTitle(tab.title)) return; // still checking
  delete pending[String(tabId)];
  await writePending(pending);
  callbacks.passed(entry);
  if (entry.openedByUs && tab.url === entry.url) await browser.tabs.remove(tabId).catch(() => {});
}
