// Fake sockets and fetch for transport tests.
import type { SocketFactory, SocketHandlers } from '@/lib/playground/socket';

export interface FakeServer {
  urls: string[];
  sent: Record<string, unknown>[];
  handlers?: SocketHandlers;
  push(frame: unknown): void;
  close(code?: number): void;
}

/**
 * A fake agents server. `script(frame, server)` reacts to each client frame.
 * `refuse` closes before open, like a browser WebSocket whose handshake failed.
 */
export function fakeAgents(options: {
  refuse?: boolean;
  greet?: boolean;
  /** 'script': leave resume requests and acks to `script` (default: answer as an idle server). */
  resume?: 'idle' | 'script';
  script?: (frame: Record<string, unknown>, server: FakeServer) => void;
}): { factory: SocketFactory; server: FakeServer } {
  const server: FakeServer = {
    urls: [],
    sent: [],
    push(frame) {
      server.handlers?.onText(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    close(code = 1006) {
      server.handlers?.onClose({ code, reason: '', opened: true });
    },
  };
  const factory: SocketFactory = (url, handlers) => {
    server.urls.push(url);
    server.handlers = handlers;
    setTimeout(() => {
      if (options.refuse) return handlers.onClose({ code: 1006, reason: '', opened: false });
      handlers.onOpen();
      if (options.greet !== false) {
        server.push({ name: 'x', agent: 'playground', type: 'cf_agent_identity' });
        server.push({ state: { model: '@cf/moonshotai/kimi-k2.6', temperature: 1, stream: true, system: 'server default', authMethod: 'provider-key' }, type: 'cf_agent_state' });
        server.push({ mcp: { prompts: [], resources: [], servers: {}, tools: [] }, type: 'cf_agent_mcp_servers' });
      }
    }, 1);
    return {
      send(data) {
        const frame = JSON.parse(data) as Record<string, unknown>;
        server.sent.push(frame);
        setTimeout(() => {
          // Like the published server with nothing to resume: resume_none, and a bare replayed done
          // for an ack of an unknown stream (scripts may answer these frames themselves instead).
          if (options.resume !== 'script' && frame.type === 'cf_agent_stream_resume_request') {
            server.push(frame.probeId === undefined ? { type: 'cf_agent_stream_resume_none' } : { type: 'cf_agent_stream_resume_none', reason: 'idle', probeId: frame.probeId });
          }
          if (options.resume !== 'script' && frame.type === 'cf_agent_stream_resume_ack') {
            server.push({ body: '', done: true, id: frame.id, replay: true, type: 'cf_agent_use_chat_response' });
          }
          options.script?.(frame, server);
        }, 1);
      },
      close() {},
    };
  };
  return { factory, server };
}

/** Replies to setConfig and streams `chunks` (UI chunk objects) for a chat request. */
export function replyWith(chunks: unknown[], end: Record<string, unknown> = { body: '', done: true }) {
  return (frame: Record<string, unknown>, server: FakeServer) => {
    if (frame.type === 'rpc' && frame.method === 'setConfig') server.push({ type: 'rpc', id: frame.id, done: true, success: true, result: null });
    if (frame.type === 'cf_agent_use_chat_request') {
      const id = frame.id;
      for (const chunk of chunks) server.push({ body: JSON.stringify(chunk), done: false, id, type: 'cf_agent_use_chat_response' });
      server.push({ ...end, id, type: 'cf_agent_use_chat_response' });
    }
  };
}

export function streamingResponse(chunks: (string | Uint8Array)[], init: ResponseInit = {}, { close = true } = {}): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
        if (close) controller.close();
      },
    }),
    init,
  );
}

export function splitEvery(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}
