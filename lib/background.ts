// Background start-up. Listeners are registered synchronously (an event that woke the worker
// must find its listener), then wait on `ready` before acting.
// https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events
import { browser } from 'wxt/browser';
import { ChatEngine } from '@/lib/engine/engine';
import { recoverInterrupted } from '@/lib/engine/recovery';
import { listModels, streamChat, type ClientDeps } from '@/lib/playground/client';
import { installHeaderRules } from '@/lib/playground/header-rules';
import { directSocket } from '@/lib/playground/socket';
import { relaySocket } from '@/lib/playground/socket-relay';
import { routePort } from '@/lib/ports/router';

/** Chrome has offscreen documents (socket relay with a rewritten Origin); Firefox's background is a document itself. */
function clientDeps(): ClientDeps {
  const hasOffscreen = typeof chrome !== 'undefined' && typeof chrome.offscreen?.createDocument === 'function';
  return { openSocket: hasOffscreen ? relaySocket : directSocket };
}

export function startBackground(): { engine: ChatEngine; ready: Promise<unknown> } {
  const deps = clientDeps();
  const engine = new ChatEngine({
    stream: (req, signal, emit) => streamChat(req, signal, emit, deps),
    listModels: (refresh) => listModels(deps, { refresh }),
  });
  const ready = Promise.allSettled([installHeaderRules(), recoverInterrupted()]).then((results) => {
    for (const r of results) if (r.status === 'rejected') console.error('FlareChat start-up step failed', r.reason);
  });
  const context = {
    engine,
    ready,
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
  };
  browser.runtime.onConnect.addListener((port) => routePort(port, context));
  browser.runtime.onInstalled.addListener(() => void openPanelOnActionClick());
  browser.runtime.onStartup.addListener(() => void openPanelOnActionClick());
  return { engine, ready };
}

/** Until the toolbar popup exists, the toolbar button opens the side panel (Chrome). */
async function openPanelOnActionClick(): Promise<void> {
  if (typeof chrome !== 'undefined' && chrome.sidePanel?.setPanelBehavior) {
    await chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  }
}
