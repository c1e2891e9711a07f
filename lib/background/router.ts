// Routes runtime ports by name. Unknown names and foreign senders are disconnected at once;
// every message on an accepted port is validated before it reaches the engine.
import type { Browser } from 'wxt/browser';
import { CHAT_PORT, type ServerMessage } from '@/lib/protocol/messages';
import { isInternalSender } from '@/lib/background/sender';
import { validateClientMessage } from '@/lib/protocol/validate';
import type { ChatEngine } from '@/lib/background/engine/engine';
import { acceptRelayPort } from '@/lib/playground/socket-relay';

export interface RouterContext {
  engine: ChatEngine;
  /** Resolves once start-up work (header rules, recovery) is done; every handler waits on it. */
  ready: Promise<unknown>;
  extensionId: string;
  extensionOrigin: string;
}

export function routePort(port: Browser.runtime.Port, context: RouterContext): void {
  if (acceptRelayPort(port, context.extensionId)) return;
  if (port.name !== CHAT_PORT || !isInternalSender(port.sender, context.extensionId, context.extensionOrigin)) {
    port.disconnect();
    return;
  }
  const subscriber = {
    postMessage(message: ServerMessage) {
      port.postMessage(message);
    },
  };
  port.onMessage.addListener((raw: unknown) => {
    const result = validateClientMessage(raw);
    if (!result.ok) {
      subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error: result.error });
      return;
    }
    void context.ready.then(() => context.engine.handle(subscriber, result.message));
  });
  port.onDisconnect.addListener(() => context.engine.hub.drop(subscriber));
}
