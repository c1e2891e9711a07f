// Warm-up (issue #16): a side panel or popup that opens its chat port gets the playground socket of
// the conversation it shows opened and configured (lib/playground/socket-warm.ts), so Enter only
// sends the chat frame. It opens on the page's first `models-list` (a new chat: a new instance the
// next new conversation takes, see turns.ts) and on `conversation-subscribe` (that conversation's
// instance), once per page and target; and again when the user types in the composer
// (`composer-typing`), so a worker that restarted while the panel sat idle has the socket ready by
// the time the prompt is sent; and when a turn arrives for a conversation whose socket is not warm,
// so its handshake overlaps the storing of the turn. Only the handshake goes out: a model request is
// sent only when the user asks, by the chat that takes the socket.
import { browser, type Browser } from 'wxt/browser';
import { resolveModel } from '@/lib/playground/aliases';
import { rememberedTransport } from '@/lib/playground/client';
import type { WarmSockets } from '@/lib/playground/socket-warm';
import type { ClientMessage } from '@/lib/protocol/messages';
import { getConversation } from './storage/conversations';
import { loadSettings } from './storage/settings';
import type { Settings } from '@/lib/protocol/settings';
import type { Transport } from '@/lib/playground/client';

/** The surfaces with a composer (the options page asks for models too, but never chats); the router checked the sender is ours. */
const SURFACES = /\/(sidepanel|popup)\.html([?#]|$)/;
/**
 * Which target each page document last warmed, in storage.session: Chrome stops an idle worker
 * after 30 s even with a panel open, the panel reconnects at once and re-subscribes, and without
 * this every restart would open a playground socket again for as long as the panel stays open.
 */
const WARMED_KEY = 'warm:targets';
const WARMED_MAX = 20;

export interface WarmUpDeps {
  pool: WarmSockets;
  /** An answer runs or waits in this conversation: its own socket is the one that matters. */
  busy(conversationId: string): boolean;
  /** Gets the socket host ready without opening a socket (ClientDeps.prepareSocket). */
  prepare?: () => void;
}

/** Per accepted chat port: what to do with its messages and its end; undefined for other pages. */
export function warmUpFor(port: Browser.runtime.Port, deps: WarmUpDeps): { message(m: ClientMessage): void; end(): void } | undefined {
  if (!SURFACES.test(port.sender?.url ?? '')) return undefined;
  const documentId = port.sender?.documentId;
  const owner = documentId ?? crypto.randomUUID();
  // A warm-up that fails (storage, no socket) costs nothing but the speed-up.
  const warm = (conversationId: string | undefined, asking = false) => void warmTarget(deps, owner, documentId, conversationId, asking).catch(() => {});
  // Also after a worker restart, when warmTarget finds the target already warmed once: the host
  // costs no request, and the next socket then opens without its handshake.
  deps.prepare?.();
  return {
    message(m) {
      if (m.type === 'models-list' && !m.refresh) warm(undefined);
      else if (m.type === 'conversation-subscribe') warm(m.conversationId);
      // Typing is the user about to ask, and a turn is the user asking: warm even where this page
      // warmed before a worker restart. For a turn, the socket's handshake then runs while the turn
      // is being stored, instead of after (the chat takes the socket once its turn is stored).
      // (A new chat's turn takes the instance warmed for it, if any: warming another would be for nothing.)
      else if (m.type === 'composer-typing') warm(m.conversationId, true);
      else if (m.type === 'chat-start' || m.type === 'chat-regenerate' || m.type === 'chat-edit' || m.type === 'chat-continue') {
        if (m.conversationId) warm(m.conversationId, true);
      }
    },
    end: () => deps.pool.release(owner),
  };
}

/**
 * The reads every warm-up needs, started when the worker starts: a worker most often starts for a
 * page that reconnects to send, and its warm-ups then find them read (or in flight) instead of
 * queueing them behind the rest of start-up. Every warm-up within START_READS_MS of the start
 * shares them: a page that reconnects subscribes, then sends, and reading again for the send put
 * 5–16 ms on the path of its socket (cold-start-trace.ts). Later warm-ups read again, so nothing
 * read here is used stale for long (the worker keeps no state of its own).
 */
const START_READS_MS = 2_000;
let startReads: { at: number; reads: Promise<[Settings, Transport, WarmedTargets | undefined]> } | undefined;

export function readWarmUpInputsEarly(): void {
  const reads = warmUpInputs();
  startReads = { at: Date.now(), reads };
  // A failed early read must not be an unhandled rejection; warmTarget reads again.
  reads.catch(() => {
    if (startReads?.reads === reads) startReads = undefined;
  });
}

function warmUpInputs(): Promise<[Settings, Transport, WarmedTargets | undefined]> {
  return Promise.all([loadSettings(), rememberedTransport(), readWarmed()]);
}

function startOrFreshReads(): Promise<[Settings, Transport, WarmedTargets | undefined]> {
  const early = startReads;
  if (early && Date.now() - early.at < START_READS_MS) return early.reads.catch(warmUpInputs);
  startReads = undefined;
  return warmUpInputs();
}

async function warmTarget(deps: WarmUpDeps, owner: string, documentId: string | undefined, conversationId: string | undefined, asking: boolean): Promise<void> {
  if (conversationId && deps.busy(conversationId)) return;
  const [[settings, transport, warmed], conversation] = await Promise.all([startOrFreshReads(), conversationId ? getConversation(conversationId) : undefined]);
  const fresh = firstTimeFor(warmed, documentId, conversationId ?? 'new') || asking;
  // An answer that started meanwhile has opened its own socket (or will take the warm one, if it is
  // already in the pool): a socket warmed now would be a second one to the same instance.
  if (conversationId && deps.busy(conversationId)) return;
  if (!fresh || transport !== 'socket' || (conversationId && (!conversation || conversation.deletedAt))) return;
  const config = {
    model: resolveModel(conversation?.model ?? settings.defaultModel),
    system: conversation?.systemPrompt ?? settings.systemPrompt,
    temperature: conversation?.temperature ?? settings.temperature,
  };
  if (conversation) deps.pool.warm(owner, conversation.sessionName, config);
  else deps.pool.warmNew(owner, config);
}

type WarmedTargets = Record<string, string>;

async function readWarmed(): Promise<WarmedTargets | undefined> {
  return (await browser.storage.session.get(WARMED_KEY))[WARMED_KEY] as WarmedTargets | undefined;
}

/**
 * False when this document already warmed this target (a reconnect after a worker restart). The
 * record is written without waiting: the socket need not wait for it, and a lost write only
 * means one more warm socket after the next restart.
 */
function firstTimeFor(stored: WarmedTargets | undefined, documentId: string | undefined, target: string): boolean {
  if (!documentId) return true;
  if (stored?.[documentId] === target) return false;
  const others = Object.entries<string>(stored ?? {}).filter(([id]) => id !== documentId);
  const entries = [...others, [documentId, target] as const].slice(-WARMED_MAX);
  void browser.storage.session.set({ [WARMED_KEY]: Object.fromEntries(entries) }).catch(() => {});
  return true;
}
