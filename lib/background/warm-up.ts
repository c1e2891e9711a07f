// Warm-up (issue #16): a side panel or popup that opens its chat port gets the playground socket of
// the conversation it shows opened and configured (lib/playground/socket-warm.ts), so Enter only
// sends the chat frame. It opens on the page's first `models-list` (a new chat: a new instance the
// next new conversation takes, see turns.ts) and on `conversation-subscribe` (that conversation's
// instance). Only the handshake goes out: a model request is sent only when the user asks.
import { browser, type Browser } from 'wxt/browser';
import { resolveModel } from '@/lib/playground/aliases';
import { rememberedTransport } from '@/lib/playground/client';
import type { WarmSockets } from '@/lib/playground/socket-warm';
import type { ClientMessage } from '@/lib/protocol/messages';
import { getConversation } from './storage/conversations';
import { loadSettings } from './storage/settings';

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
  const warm = (conversationId: string | undefined) => void warmTarget(deps, owner, documentId, conversationId).catch(() => {});
  // Also after a worker restart, when warmTarget finds the target already warmed once: the host
  // costs no request, and the next socket then opens without its handshake.
  deps.prepare?.();
  return {
    message(m) {
      if (m.type === 'models-list' && !m.refresh) warm(undefined);
      else if (m.type === 'conversation-subscribe') warm(m.conversationId);
    },
    end: () => deps.pool.release(owner),
  };
}

async function warmTarget(deps: WarmUpDeps, owner: string, documentId: string | undefined, conversationId: string | undefined): Promise<void> {
  if (conversationId && deps.busy(conversationId)) return;
  const [settings, conversation, transport, fresh] = await Promise.all([
    loadSettings(),
    conversationId ? getConversation(conversationId) : undefined,
    rememberedTransport(),
    firstTimeFor(documentId, conversationId ?? 'new'),
  ]);
  if (!fresh || transport !== 'socket' || (conversationId && (!conversation || conversation.deletedAt))) return;
  const config = {
    model: resolveModel(conversation?.model ?? settings.defaultModel),
    system: conversation?.systemPrompt ?? settings.systemPrompt,
    temperature: conversation?.temperature ?? settings.temperature,
  };
  if (conversation) deps.pool.warm(owner, conversation.sessionName, config);
  else deps.pool.warmNew(owner, config);
}

/** False when this document already warmed this target (a reconnect after a worker restart). */
async function firstTimeFor(documentId: string | undefined, target: string): Promise<boolean> {
  if (!documentId) return true;
  const stored = (await browser.storage.session.get(WARMED_KEY))[WARMED_KEY] as Record<string, string> | undefined;
  if (stored?.[documentId] === target) return false;
  const others = Object.entries<string>(stored ?? {}).filter(([id]) => id !== documentId);
  const entries = [...others, [documentId, target] as const].slice(-WARMED_MAX);
  await browser.storage.session.set({ [WARMED_KEY]: Object.fromEntries(entries) });
  return true;
}
