// Routes runtime ports by name through one table: each entry says which names it owns, who may
// open them (checked against the browser-provided sender, never a message field) and what takes
// the port. Unknown names and refused senders are disconnected at once; every message on an
// accepted page port is validated before it reaches a handler.
import { mark } from '@/lib/shared/bench-marks';
import type { Browser } from 'wxt/browser';
import { type ServerMessage } from '@/lib/protocol/messages';
import { CHAT_PORT } from '@/lib/protocol/ports';
import { DATA_PORT } from '@/lib/protocol/ports';
import { validateClientMessage } from '@/lib/protocol/validate';
import { isInternalSender } from '@/lib/background/sender';
import type { ChatEngine } from '@/lib/background/engine/engine';
import { acceptRelayPort, RELAY_PORT } from '@/lib/playground/socket-relay';
import type { DataPortHost } from './data-port';
import { warmUpFor, type WarmUpDeps } from './warm-up';

type Port = Browser.runtime.Port;

export interface PortRoute {
  /** The port name, or the prefix of names (`relay:<token>`) this route owns. */
  name: string;
  prefix?: boolean;
  /** May this sender open the port? */
  allowed(sender: Port['sender']): boolean;
  /** Takes an allowed port. */
  accept(port: Port): void;
}

export interface RouterContext {
  engine: Pick<ChatEngine, 'handle' | 'hub'>;
  data: Pick<DataPortHost, 'connect'>;
  /** Resolves once start-up work (header rules, recovery) is done; every handler waits on it. */
  ready: Promise<unknown>;
  extensionId: string;
  extensionOrigin: string;
  /** Opens the playground socket ahead of Enter when a surface opens (issue #16). */
  warm?: WarmUpDeps;
  /**
   * Resolves once a socket may open (the header rules are installed): warm-up waits for this only,
   * not for recovery, so after a worker restart the socket opens while recovery still reads.
   */
  socketsReady?: Promise<unknown>;
}

function chatPort(port: Port, context: RouterContext): void {
  const subscriber = {
    postMessage(message: ServerMessage) {
      port.postMessage(message);
    },
  };
  const warm = context.warm && warmUpFor(port, context.warm);
  port.onMessage.addListener((raw: unknown) => {
    const result = validateClientMessage(raw);
    if (!result.ok) {
      subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error: result.error });
      return;
    }
    void context.ready.then(() => context.engine.handle(subscriber, result.message));
    if (warm) void (context.socketsReady ?? context.ready).then(() => warm.message(result.message));
  });
  port.onDisconnect.addListener(() => {
    context.engine.hub.drop(subscriber);
    warm?.end();
  });
}

/** The table: chat and data for our own pages, relay ports for the offscreen relay document. */
export function portRoutes(context: RouterContext): PortRoute[] {
  const ownPage = (sender: Port['sender']) => isInternalSender(sender, context.extensionId, context.extensionOrigin);
  return [
    { name: CHAT_PORT, allowed: ownPage, accept: (port) => chatPort(port, context) },
    { name: DATA_PORT, allowed: ownPage, accept: (port) => context.data.connect(port) },
    // The relay checks the rest itself (its page, no tab, a token it is waiting for).
    { name: `${RELAY_PORT}:`, prefix: true, allowed: (sender) => sender?.id === context.extensionId, accept: (port) => void acceptRelayPort(port, context.extensionId) },
  ];
}

export function routePort(port: Port, routes: readonly PortRoute[]): void {
  // cold-start-trace.ts: when Chrome hands the woken worker its first port (after the bundle ran).
  mark('port connected', port.name);
  const route = routes.find((r) => (r.prefix ? port.name.startsWith(r.name) : port.name === r.name));
  if (!route || !route.allowed(port.sender)) {
    port.disconnect();
    return;
  }
  route.accept(port);
}
