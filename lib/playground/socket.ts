// A minimal socket interface so the agents transport does not care where the WebSocket lives:
// in this context (Firefox's background page, unit tests) or in the offscreen relay document
// (Chrome: DNR can rewrite the Origin of a handshake only when an extension *document* opens
// the socket, never the service worker — see docs/playground-protocol.md#header-rules-and-sockets).

/** Where an opened socket lives, when that is not this context (the relay's socket thread). */
export interface SocketOpenInfo {
  onThread?: boolean;
}

export interface SocketHandlers {
  onOpen(info?: SocketOpenInfo): void;
  onText(data: string): void;
  /** Frames that arrived together (a factory that batches calls this instead of onText). */
  onTexts?(data: string[]): void;
  /** Always called exactly once, also after a failed handshake (then `opened` is false). */
  onClose(info: { code: number; reason: string; opened: boolean }): void;
}

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** Opens a WebSocket in the current context. */
export const directSocket: SocketFactory = (url, handlers) => {
  let opened = false;
  let closed = false;
  const finish = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    handlers.onClose({ code, reason, opened });
  };
  let ws: WebSocket;
  try {
    ws = new WebSocket(url);
  } catch (error) {
    queueMicrotask(() => finish(1006, String(error)));
    return { send() {}, close() {} };
  }
  ws.onopen = () => {
    opened = true;
    handlers.onOpen();
  };
  ws.onmessage = (event: MessageEvent) => {
    // The agents protocol only uses text frames; binary frames are ignored.
    if (typeof event.data === 'string') handlers.onText(event.data);
  };
  ws.onclose = (event: CloseEvent) => finish(event.code, event.reason);
  ws.onerror = () => {
    // `error` is always followed by `close`; a handshake failure is error → close(1006).
  };
  return {
    send(data) {
      if (ws.readyState === WebSocket.OPEN) ws.send(data);
    },
    close(code = 1000, reason = '') {
      try {
        ws.close(code, reason);
      } catch {
        ws.close();
      }
      finish(code, reason);
    },
  };
};
