// The one entry point the rest of the extension uses to talk to the playground.
// Tries the transport that worked last (the agents socket by default), falls back to the other
// when the first cannot be reached (socket refused before open, or HTTP route 404), and
// remembers the one that worked. After a challenge or a status error it forgets the cached
// transport and model list, so the next try starts clean (the Python provider's "reset the
// session arguments, delete the cache file").
import { browser } from 'wxt/browser';
import { DEFAULT_DEADLINES, type DeadlineLimits } from './deadlines';
import { errorEvent, type PlaygroundEvent, type TerminalEvent } from './events';
import { httpChat } from './http-transport';
import { listModels as listModelsFrom, forgetModels, type ModelList } from './model-list';
import type { SocketFactory } from './socket';
import { socketChat } from './socket-transport';
import type { KeptSocket, WarmHandoff, WarmSockets } from './socket-warm';
import type { ChatRequest } from './types';

export type Transport = 'socket' | 'http';
const TRANSPORT_KEY = 'playground:transport';

export interface ChatOutcome {
  event: TerminalEvent;
  transport: Transport | 'tab';
}

export interface ClientDeps {
  openSocket: SocketFactory;
  fetchImpl?: typeof fetch;
  deadlines?: DeadlineLimits;
  /** Sockets opened ahead of a request when a surface opened (issue #16). */
  warm?: WarmSockets;
  /** Gets the socket host ready ahead of a socket, without opening one (Chrome: socket-relay.ts). */
  prepareSocket?: () => void;
}

export async function rememberedTransport(): Promise<Transport> {
  const stored = (await browser.storage.local.get(TRANSPORT_KEY))[TRANSPORT_KEY];
  return stored === 'http' ? 'http' : 'socket';
}

async function remember(transport: Transport): Promise<void> {
  await browser.storage.local.set({ [TRANSPORT_KEY]: transport });
}

/** Forget cached session facts after a challenge or a status error. */
export async function resetSession(): Promise<void> {
  await Promise.all([browser.storage.local.remove(TRANSPORT_KEY), forgetModels()]);
}

/** Streams one answer. Never throws; resolves with exactly one terminal event. */
export async function streamChat(
  req: ChatRequest,
  signal: AbortSignal,
  emit: (event: PlaygroundEvent) => void,
  deps: ClientDeps,
): Promise<ChatOutcome> {
  // A warm socket for this instance means the socket worked when it was warmed: no storage read.
  const warm = deps.warm?.take(req.sessionName);
  const first = warm ? 'socket' : await rememberedTransport().catch((): Transport => 'socket');
  const order: Transport[] = first === 'socket' ? ['socket', 'http'] : ['http', 'socket'];
  let emitted = false;
  const guardedEmit = (event: PlaygroundEvent) => {
    emitted = true;
    emit(event);
  };
  let outcome: { event: TerminalEvent; transport: Transport } | undefined;
  for (const transport of order) {
    const attempt = await runTransport(transport, req, signal, guardedEmit, deps, transport === 'socket' ? warm : undefined);
    outcome = { event: attempt.event, transport };
    // Only fall back when this transport could not be reached at all and nothing was shown yet.
    if (!attempt.unreachable || emitted || signal.aborted) break;
  }
  const result = outcome!;
  if (result.event.type === 'finish') {
    if (result.transport !== first) await remember(result.transport).catch(() => {});
  } else if (['challenge', 'bad-request', 'not-found', 'rate-limited'].includes(result.event.code)) {
    await resetSession().catch(() => {});
  }
  return result;
}

async function runTransport(
  transport: Transport,
  req: ChatRequest,
  signal: AbortSignal,
  emit: (event: PlaygroundEvent) => void,
  deps: ClientDeps,
  warm?: WarmHandoff,
): Promise<{ event: TerminalEvent; unreachable: boolean }> {
  const deadlines = deps.deadlines ?? DEFAULT_DEADLINES;
  if (transport === 'socket') {
    const pool = deps.warm;
    const keep = pool && ((kept: KeptSocket) => pool.keep(req.sessionName, kept));
    const { event, refused } = await socketChat(req, { signal, emit, openSocket: deps.openSocket, deadlines, warm, keep });
    return { event, unreachable: refused };
  }
  const event = await httpChat(req, { signal, emit, deadlines, fetchImpl: deps.fetchImpl });
  return { event, unreachable: event.type === 'error' && event.code === 'not-found' };
}

export function listModels(deps: ClientDeps, options: { refresh?: boolean } = {}): Promise<ModelList> {
  return listModelsFrom(deps.openSocket, { ...options, fetchImpl: deps.fetchImpl });
}

export const TAB_REFUSED_MESSAGE = 'The playground refused the connection from its own tab.';

/**
 * The tab fallback: the agents socket from inside a playground tab (see tab-socket.ts). It only
 * runs after a direct request met the check and the user passed it, in a tab that loaded the
 * playground; a socket refused there (a browser WebSocket cannot see the 403) means the check
 * still blocks, so it reports `challenge` rather than a network failure.
 */
export async function streamChatInTab(
  req: ChatRequest,
  signal: AbortSignal,
  emit: (event: PlaygroundEvent) => void,
  openSocket: SocketFactory,
  deadlines: DeadlineLimits = DEFAULT_DEADLINES,
): Promise<ChatOutcome> {
  const { event, refused } = await socketChat(req, { signal, emit, openSocket, deadlines });
  if (refused && !signal.aborted) return { event: errorEvent('challenge', TAB_REFUSED_MESSAGE), transport: 'tab' };
  return { event, transport: 'tab' };
}
