// Background start-up. Listeners are registered synchronously (an event that woke the worker
// must find its listener), then wait on `ready` before acting.
// https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events
import { mark } from '@/lib/shared/bench-marks';
import { browser } from 'wxt/browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { openVerificationTab, watchVerificationTabs } from '@/lib/background/engine/verification';
import type { ClientDeps } from '@/lib/playground/client';
import { installHeaderRules } from '@/lib/playground/header-rules';
import { listPlaygroundModels, playgroundClientDeps, streamFromPlayground } from '@/lib/background/stream';
import { portRoutes, routePort } from '@/lib/background/router';
import { readWarmUpInputsEarly } from '@/lib/background/warm-up';
import { DataPortHost } from '@/lib/background/data-port';
import { clearInstance } from '@/lib/playground/socket-oneshot';
import { stopAllAnswers } from '@/lib/background/stop-answers';
import { backgroundDoctor } from '@/lib/background/doctor/service';
import { setCanarySink } from '@/lib/playground/canary-hook';
import { recordUnknown } from '@/lib/playground/canary';
// issue #4 (surfaces): context menu, commands, omnibox.
import { registerSurfaces, type SurfaceHandlers } from '@/lib/background/surfaces/register';

export function startBackground(): { engine: ChatEngine; ready: Promise<unknown>; surfaces: SurfaceHandlers; clientDeps: ClientDeps; data: DataPortHost } {
  mark('worker start');
  const deps = playgroundClientDeps();
  // issue #16: a relay document that is still up was used a moment ago, and the worker most often
  // starts again for a page that reconnects to send: its port is asked for first, so the document
  // connects it while the rest of start-up runs (no socket, no request to the playground).
  deps.prepareSocket?.();
  // issue #14: what the parsers do not recognise goes to the protocol canary (storage.local ring).
  setCanarySink(recordUnknown);
  const engine = new ChatEngine({
    stream: (req, signal, emit, route) => streamFromPlayground(deps, req, signal, emit, route),
    titleStream: (req, signal, emit) => streamFromPlayground(deps, req, signal, emit),
    listModels: (refresh) => listPlaygroundModels(deps, refresh),
    warmInstance: () => deps.warm?.claimNew(),
    verify: async (job) => void (await openVerificationTab(job)),
    // Wakes a stopped worker for a scheduled rate-limit retry (issue #11 item 10).
    alarms: {
      create: (name, when) => void browser.alarms.create(name, { when }).catch(() => {}),
      clear: (name) => void browser.alarms.clear(name).catch(() => {}),
    },
  });
  // Registered synchronously: the alarm may be what woke the worker.
  browser.alarms.onAlarm.addListener((alarm) => void ready.then(() => engine.alarm(alarm.name)));
  // The header rules are what a socket needs (the Origin rewrite); warm-up waits only for them.
  const rules = installHeaderRules().then(() => mark('header rules'));
  const ready = Promise.allSettled([
    rules,
    recoverInterrupted().then(({ queued }) => engine.requeue(queued)),
  ]).then((results) => {
    mark('ready');
    for (const r of results) if (r.status === 'rejected') console.error('FlareChat start-up step failed', r.reason);
  });
  // …and the reads its warm-up needs start now, not when its first message arrives.
  if (deps.warm) readWarmUpInputsEarly();
  // issue #10: the data port is the pages' only way to history and settings.
  const data = new DataPortHost({
    ready,
    stopAllAnswers: () => stopAllAnswers(engine),
    // issue #14: the Connection doctor probes through the chat's own client deps (same relay, same deadlines).
    doctor: backgroundDoctor(deps),
    // issue #17: a deleted conversation's server copy is cleared too (queued while unreachable).
    clearServerCopy: (sessionName) => clearInstance(sessionName, deps.openSocket),
  });
  data.watchStorage();
  // issue #16: a surface that opens gets its conversation's socket warmed (never a model request).
  const warm = deps.warm && { pool: deps.warm, busy: (id: string) => engine.liveFor(id) !== undefined, prepare: deps.prepareSocket };
  const routes = portRoutes({ engine, data, ready, socketsReady: rules.catch(() => undefined), warm, extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, '') });
  browser.runtime.onConnect.addListener((port) => routePort(port, routes));
  watchVerificationTabs(
    {
      passed: (entry) => void engine.verified(entry.conversationId, entry.messageId),
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
  // clientDeps: e2e builds expose it (entrypoints/background.ts) so fault tests can shorten the
  // deadlines; data, so they can shorten the undo window (data.undoWindowMs).
  mark('start sync done');
  return { engine, ready, surfaces, clientDeps: deps, data };
}

/** The toolbar button opens the popup, not the side panel (Chrome). */
async function toolbarOpensPopup(): Promise<void> {
  if (typeof chrome !== 'undefined' && chrome.sidePanel?.setPanelBehavior) {
    await chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }
}
