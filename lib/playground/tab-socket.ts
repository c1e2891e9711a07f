// The tab fallback transport. When direct requests stay blocked after the user passed the
// playground's check (the clearance is bound to the page, e.g. a partitioned cookie), the same
// agents protocol runs from inside a real playground tab: a content script opens the socket
// there (same origin, same cookies as the page) and relays frames over a port. The background
// still owns the generation. Needs `scripting` + our host permission for the playground only.
import { browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import type { SocketFactory } from './socket';
import { RELAY_PORT, portSocket } from './socket-relay';

export const TAB_RELAY_SCRIPT = '/tab-relay.js';

export interface PlaygroundTab {
  tabId: number;
  openedByUs: boolean;
}

/** Finds a loaded playground tab, or opens one in the background. */
export async function findOrOpenPlaygroundTab(): Promise<PlaygroundTab> {
  const tabs = await browser.tabs.query({ url: `${PLAYGROUND_ORIGIN}/*` });
  const ready = tabs.find((t) => t.id !== undefined && t.status === 'complete') ?? tabs.find((t) => t.id !== undefined);
  if (ready?.id !== undefined) return { tabId: ready.id, openedByUs: false };
  const tab = await browser.tabs.create({ url: `${PLAYGROUND_ORIGIN}/`, active: false });
  if (tab.id === undefined) throw new Error('Could not open a playground tab.');
  await waitForLoad(tab.id);
  return { tabId: tab.id, openedByUs: true };
}

function waitForLoad(tabId: number, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      browser.tabs.onUpdated.removeListener(listener);
      reject(new Error('The playground tab did not finish loading.'));
    }, timeoutMs);
    const listener = (id: number, info: { status?: string }) => {
      if (id !== tabId || info.status !== 'complete') return;
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      resolve();
    };
    browser.tabs.onUpdated.addListener(listener);
  });
}

/** A SocketFactory whose socket lives in the given playground tab. */
export function tabSocket(tabId: number): SocketFactory {
  return portSocket(async () => {
    await browser.scripting.executeScript({ target: { tabId }, files: [TAB_RELAY_SCRIPT] });
    return browser.tabs.connect(tabId, { name: RELAY_PORT });
  }, 'playground tab relay');
}
