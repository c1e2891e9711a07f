// The tab fallback transport. When direct requests stay blocked after the user passed the
// playground's check (the clearance is bound to the page, e.g. a partitioned cookie), the same
// agents protocol runs from inside a real playground tab: a content script opens the socket
// there (same origin, same cookies as the page) and relays frames over a port. The background
// still owns the generation. Needs `scripting` + our host permission for the playground only.
import { browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/config';
import type { SocketFactory } from './socket';
import { RELAY_PORT, type RelayCommand, type RelayEvent } from './socket-relay';

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
  return (url, handlers) => {
    let opened = false;
    let closed = false;
    let port: ReturnType<typeof browser.tabs.connect> | undefined;
    const queue: RelayCommand[] = [];
    const finish = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      handlers.onClose({ code, reason, opened });
    };
    browser.scripting
      .executeScript({ target: { tabId }, files: [TAB_RELAY_SCRIPT] })
      .then(() => {
        if (closed) return;
        port = browser.tabs.connect(tabId, { name: RELAY_PORT });
        port.onMessage.addListener((raw: unknown) => {
          const event = raw as RelayEvent;
          if (event.type === 'open') {
            opened = true;
            handlers.onOpen();
          } else if (event.type === 'text' && typeof event.data === 'string') handlers.onText(event.data);
          else if (event.type === 'close') finish(event.code, event.reason);
        });
        port.onDisconnect.addListener(() => finish(1006, 'tab relay disconnected'));
        port.postMessage({ type: 'open', url } satisfies RelayCommand);
        for (const command of queue.splice(0)) port.postMessage(command);
      })
      .catch((error: unknown) => finish(1006, `could not reach the playground tab: ${String(error)}`));
    return {
      send(data) {
        if (closed) return;
        if (port) port.postMessage({ type: 'send', data } satisfies RelayCommand);
        else queue.push({ type: 'send', data });
      },
      close(code = 1000, reason = '') {
        port?.postMessage({ type: 'close', code, reason } satisfies RelayCommand);
        port?.disconnect();
        finish(code, reason);
      },
    };
  };
}
