// How the engine reaches the playground: named functions (not closures built at start-up), so
// "go to definition" from the engine's wiring in start.ts lands here, on the code that runs.
import { browser } from 'wxt/browser';
import { listModels, streamChat, streamChatInTab, type ChatOutcome, type ClientDeps } from '@/lib/playground/client';
import { errorEvent, type PlaygroundEvent } from '@/lib/playground/events';
import type { ModelList } from '@/lib/playground/model-list';
import { directSocket } from '@/lib/playground/socket';
import { prepareRelayPort, relaySocket } from '@/lib/playground/socket-relay';
import { WarmSockets } from '@/lib/playground/socket-warm';
import { findOrOpenPlaygroundTab, tabSocket } from '@/lib/playground/tab-socket';
import type { ChatRequest } from '@/lib/playground/types';
import type { StreamRoute } from '@/lib/background/engine/generation';

/** Chrome has offscreen documents (socket relay with a rewritten Origin); Firefox's background is a document itself. */
export function playgroundClientDeps(): ClientDeps {
  const hasOffscreen = typeof chrome !== 'undefined' && typeof chrome.offscreen?.createDocument === 'function';
  const openSocket = hasOffscreen ? relaySocket : directSocket;
  return { openSocket, warm: new WarmSockets(openSocket), ...(hasOffscreen && { prepareSocket: prepareRelayPort }) };
}

/** One answer from the playground: directly, or from inside a playground tab when the route says so. */
export function streamFromPlayground(
  deps: ClientDeps,
  req: ChatRequest,
  signal: AbortSignal,
  emit: (e: PlaygroundEvent) => void,
  route?: StreamRoute,
): Promise<ChatOutcome> {
  if (route?.viaTab) return streamFromPlaygroundTab(deps, req, signal, emit);
  return streamChat(req, signal, emit, deps);
}

/** The tab fallback: run the request inside a playground tab (opened for it, and closed after, if none was open). */
export async function streamFromPlaygroundTab(
  deps: ClientDeps,
  req: ChatRequest,
  signal: AbortSignal,
  emit: (e: PlaygroundEvent) => void,
): Promise<ChatOutcome> {
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
}

/** The model list (cached unless `refresh`). */
export function listPlaygroundModels(deps: ClientDeps, refresh: boolean): Promise<ModelList> {
  return listModels(deps, { refresh });
}
