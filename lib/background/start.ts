// Background start-up. Listeners are registered synchronously (an event that woke the worker
// must find its listener), then wait on `ready` before acting.
// https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events
import { browser } from 'wxt/browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import type { StreamFn } from '@/lib/background/engine/generation';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { openVerificationTab, watchVerificationTabs } from '@/lib/background/engine/verification';
import { listModels, streamChat, streamChatInTab, type ClientDeps } from '@/lib/playground/client';
import { errorEvent } from '@/lib/playground/events';
import { installHeaderRules } from '@/lib/playground/header-rules';
import { directSocket } from '@/lib/playground/socket';
import { relaySocket } from '@/lib/playground/socket-relay';
import { findOrOpenPlaygroundTab, tabSocket } from '@/lib/playground/tab-socket';
import { portRoutes, routePort } from '@/lib/background/router';
import { DataPortHost } from '@/lib/background/data-port';
import { stopAllAnswers } from '@/lib/background/stop-answers';
// issue #4 (surfaces): context menu, commands, omnibox.
import { registerSurfaces, type SurfaceHandlers } from '@/lib/background/surfaces/register';

/** Chrome has offscreen documents (socket relay with a rewritten Origin); Firefox's background is a document itself. */
function clientDeps(): ClientDeps {
  const hasOffscreen = typeof chrome !== 'undefined' && typeof chrome.offscreen?.createDocument === 'function';
  return { openSocket: hasOffscreen ? relaySocket : directSocket };
}

function streamer(deps: ClientDeps): StreamFn {
  return async (req, signal, emit, route) => {
    if (!route?.viaTab) return streamChat(req, signal, emit, deps);
    let tab;
    try {
      tab = await findOrOpenPlaygroundTab();
    } catch (error) {
      return { event: errorEvent('challenge', `Could not use a playground tab: ${String(error)}`), transport: 'tab' };
    }
    try {
      return await streamChatInTab(req, signal, emit, tabSocket(tab.tabId), deps.deadlines);
    } finally {
      if (tab.openedByUs) await browser.tabs.remove(tab.tabId).catch(() => {});
    }
  };
}

export function startBackground(): { engine: ChatEngine; ready: Promise<unknown>; surfaces: SurfaceHandlers; clientDeps: ClientDeps } {
  const deps = clientDeps();
  const engine = new ChatEngine({
    stream: streamer(deps),
    listModels: (refresh) => listModels(deps, { refresh }),
    verify: async (job) => void (await openVerificationTab(job)),
  });
  const ready = Promise.allSettled([
    installHeaderRules(),
    recoverInterrupted().then(({ queued }) => engine.requeue(queued)),
  ]).then((results) => {
    for (const r of results) if (r.status === 'rejected') console.error('FlareChat start-up step failed', r.reason);
  });
  // issue #10: the data port is the pages' only way to history and settings.
  const data = new DataPortHost({ ready, stopAllAnswers: () => stopAllAnswers(engine) });
  data.watchStorage();
  const routes = portRoutes({ engine, data, ready, extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, '') });
  browser.runtime.onConnect.addListener((port) => routePort(port, routes));
  watchVerificationTabs(
    {
      passed: (entry) => engine.verified(entry.conversationId, entry.messageId),
      abandoned: (entry) => void engine.verificationAbandoned(entry.conversationId, entry.messageId),
    },
    ready,
  );
  // Workers get online/offline events (WorkerGlobalScope); pages also nudge with network-online.
  globalThis.addEventListener?.('online', () => void ready.then(() => engine.networkOnline()));
  // issue #4 (surfaces): the toolbar button opens the quick-prompt popup now; the panel opens from
  // the popup, the context menu, the open-side-panel command and the omnibox. Undo the behaviour
  // earlier versions set (Chrome keeps it across updates).
  browser.runtime.onInstalled.addListener(() => void toolbarOpensPopup());
  // issue #4 (surfaces): menu, command and omnibox listeners, added synchronously.
  const surfaces = registerSurfaces();
  // clientDeps: e2e builds expose it (entrypoints/background.ts) so fault tests can shorten the deadlines.
  return { engine, ready, surfaces, clientDeps: deps };
}

/** The toolbar button opens the popup, not the side panel (Chrome). */
async function toolbarOpensPopup(): Promise<void> {
  if (typeof chrome !== 'undefined' && chrome.sidePanel?.setPanelBehavior) {
    await chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }
}
