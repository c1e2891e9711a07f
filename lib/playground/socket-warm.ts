// Warm sockets (issue #16): when a surface opens, the background may open the agents socket of the
// conversation it shows and finish the handshake (server state → our state + setConfig → reply),
// so Enter only has to send the chat frame: one round trip to the first token instead of three.
// A warm socket never sends a chat request; only the transport that takes it does (socket-transport.ts).
// One warm socket per owner (a surface's port); it is closed when its owner warms another, when the
// owner goes away, and WARM_IDLE_MS after it was opened if no request took it. An answer that
// finished hands its socket back (keep), configured, so a follow-up in that conversation finds it
// open too; it closes WARM_IDLE_MS later like any warm socket.
import { mark } from '@/lib/shared/bench-marks';
import { agentsUrl } from './agents-url';
import { parseFrame } from './parse/agents-frames';
import { newInstanceName } from './instance-name';
import { buildAgentsStateFrame, buildSetConfigRpc, newId } from './request-bodies';
import type { SocketFactory, SocketHandlers, SocketLike } from './socket';
import type { ChatRequest } from './types';
import { isRecord } from '@/lib/shared/guards';

/**
 * 25 s: Chrome stops a worker after 30 s without events (a stopped worker's timer never fires, and
 * its relay port closes the socket uncleanly); an idle warm socket sends nothing, so it must not
 * outlive that, and it never keeps the worker alive itself. Long enough for "open the panel, read,
 * type a question".
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
 */
export const WARM_IDLE_MS = 25_000;
/** Owner of a socket kept after an answer, until a surface showing that conversation takes it over. */
const KEPT_OWNER = 'answer:';
/** What the handshake configures: the fields buildAgentsStateFrame / buildSetConfigRpc read. */
export type WarmConfig = Pick<ChatRequest, 'model' | 'system' | 'temperature'>;

/** Two requests with the same key configure the instance identically. */
export function configKey(c: WarmConfig): string {
  return JSON.stringify([c.model, c.system?.trim() ? c.system : '', c.temperature ?? null]);
}

/** A warm socket handed to the transport: from now on its events go to `attach`'s handlers. */
export interface WarmHandoff {
  socket: SocketLike;
  opened: boolean;
  serverState?: Record<string, unknown>;
  /** The config whose setConfig reply arrived: the chat may go at once. */
  configured?: string;
  /** The setConfig sent and not answered yet (rpc id, config key): wait for its reply rather than send another. */
  pending?: [string, string];
  attach(handlers: SocketHandlers): void;
}

/** An open socket an answer is done with (kept warm for a follow-up; see WarmSockets.keep). */
export interface KeptSocket {
  socket: SocketLike;
  serverState?: Record<string, unknown>;
  /** The config key this socket was configured with (its setConfig was answered). */
  configured?: string;
  /** From now on the socket's events go to these handlers. */
  retarget(handlers: SocketHandlers): void;
}

interface Entry extends Omit<WarmHandoff, 'attach'> {
  owner: string;
  sessionName: string;
  /** Warmed for a conversation not created yet, under a new instance name (claimNew). */
  fresh: boolean;
  sink: SocketHandlers;
  idle: ReturnType<typeof setTimeout>;
}

export class WarmSockets {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly openSocket: SocketFactory,
    private readonly idleMs = WARM_IDLE_MS,
  ) {}

  /** Opens and configures `sessionName`'s socket for `owner` (replacing the owner's earlier one). */
  warm(owner: string, sessionName: string, config: WarmConfig): void {
    this.open(owner, sessionName, config, false);
  }

  /** Warms a new instance for `owner`'s next new conversation (its name is handed out by claimNew). */
  warmNew(owner: string, config: WarmConfig): void {
    if (this.entries.some((e) => e.owner === owner && e.fresh)) return;
    this.open(owner, newInstanceName(), config, true);
  }

  /** The instance name a new conversation should use so its first request finds a warm socket. */
  claimNew(): string | undefined {
    const entry = this.entries.findLast((e) => e.fresh);
    if (!entry) return undefined;
    entry.fresh = false;
    return entry.sessionName;
  }

  private open(owner: string, sessionName: string, config: WarmConfig, fresh: boolean): void {
    const existing = this.entries.find((e) => e.owner === owner);
    if (existing?.sessionName === sessionName) return;
    if (existing) this.drop(existing);
    // The socket an answer there just finished on is already open (one per instance): the
    // surface takes it over, so it closes with the surface or WARM_IDLE_MS from now.
    const kept = this.entries.find((e) => e.sessionName === sessionName);
    if (kept) {
      if (kept.owner.startsWith(KEPT_OWNER)) {
        kept.owner = owner;
        clearTimeout(kept.idle);
        kept.idle = setTimeout(() => this.drop(kept), this.idleMs);
      }
      return;
    }
    const entry = { owner, sessionName, fresh, opened: false } as Entry;
    // The handshake only: a server that sends no state or never answers setConfig leaves the rest
    // to the transport that takes the socket (it waits and configures as on a cold socket).
    entry.sink = {
      onOpen: () => (entry.opened = true),
      onText: (data) => {
        const frame = parseFrame(data);
        if (frame?.type === 'cf_agent_state' && isRecord(frame.state) && !entry.pending) {
          entry.serverState = frame.state;
          const id = newId('cfg');
          entry.pending = [id, configKey(config)];
          const req = { ...config, requestId: '', sessionName, messages: [] } satisfies ChatRequest;
          entry.socket.send(JSON.stringify(buildAgentsStateFrame(entry.serverState, req)));
          entry.socket.send(JSON.stringify(buildSetConfigRpc(id, req)));
        } else if (frame?.type === 'rpc' && frame.id === entry.pending?.[0]) entry.configured = entry.pending?.[1];
      },
      onClose: () => this.remove(entry),
    };
    entry.idle = setTimeout(() => this.drop(entry), this.idleMs);
    this.entries.push(entry);
    mark('warm socket opens');
    entry.socket = this.openSocket(agentsUrl(sessionName), {
      onOpen: () => entry.sink.onOpen(),
      onText: (data) => entry.sink.onText(data),
      onClose: (info) => entry.sink.onClose(info),
    });
  }

  /** The warm socket of `sessionName`, taken out of the pool; undefined when there is none. */
  take(sessionName: string): WarmHandoff | undefined {
    const entry = this.entries.find((e) => e.sessionName === sessionName);
    if (!entry) return undefined;
    this.remove(entry);
    const { socket, opened, serverState, configured, pending } = entry;
    return { socket, opened, serverState, configured, pending: configured ? undefined : pending, attach: (handlers) => (entry.sink = handlers) };
  }

  /**
   * An answer on `sessionName` ended well and its socket is still open: keep it for the next
   * request there (a follow-up), closed WARM_IDLE_MS later if none comes. No frame is sent.
   * Returns false (the caller closes it) when the instance already has a warm socket.
   */
  keep(sessionName: string, kept: KeptSocket): boolean {
    if (this.entries.some((e) => e.sessionName === sessionName)) return false;
    const entry = { owner: `${KEPT_OWNER}${sessionName}`, sessionName, fresh: false, opened: true, socket: kept.socket, serverState: kept.serverState, configured: kept.configured } as Entry;
    // Idle until taken: frames the server sends meanwhile (state broadcasts) need no answer.
    entry.sink = { onOpen: () => undefined, onText: () => undefined, onClose: () => this.remove(entry) };
    entry.idle = setTimeout(() => this.drop(entry), this.idleMs);
    kept.retarget({
      onOpen: () => entry.sink.onOpen(),
      onText: (data) => entry.sink.onText(data),
      onClose: (info) => entry.sink.onClose(info),
    });
    this.entries.push(entry);
    return true;
  }

  /** Closes the owner's warm socket (its surface went away). */
  release(owner: string): void {
    const entry = this.entries.find((e) => e.owner === owner);
    if (entry) this.drop(entry);
  }

  /** How many warm sockets are held (tests). */
  get size(): number {
    return this.entries.length;
  }

  private remove(entry: Entry): void {
    clearTimeout(entry.idle);
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }

  private drop(entry: Entry): void {
    this.remove(entry);
    entry.socket.close(1000, 'idle');
  }
}
