// The offscreen document's WebSockets run on a dedicated worker thread, not on the document's main
// thread. Why: Chrome puts every page of one extension in one renderer process, so the offscreen
// relay and the side panel share one main thread; a fast stream is thousands of WebSocket message
// tasks, and each one waited behind the panel's rendering (issue #16, tests/bench/trace-stream.ts).
// On the thread the frames are received and batched in parallel with the rendering, and the
// document's main thread only forwards one message per batch. The handshake from a dedicated worker
// of an extension document still gets declarativeNetRequest's Origin rewrite (checked in Chromium
// 156 with the emulator's strict-origin fault, tests/e2e/relay-thread.spec.ts).
// This file holds both ends of the document ↔ thread protocol: `startSocketThread` (runs in the
// worker, entrypoints/socket-thread.ts) and `threadSocketFactory` (runs in the document).
import { isRecord } from '@/lib/shared/guards';
import { directSocket, type SocketFactory, type SocketHandlers, type SocketLike } from './socket';

export const SOCKET_THREAD_SCRIPT = '/socket-thread.js';

/** document → thread */
export type ThreadCommand =
  | { id: number; type: 'open'; url: string }
  | { id: number; type: 'send'; data: string }
  | { id: number; type: 'close'; code: number; reason: string };
/** thread → document */
export type ThreadEvent =
  | { id: number; type: 'open' }
  /** Frames that arrived together, in order. */
  | { id: number; type: 'texts'; data: string[] }
  | { id: number; type: 'close'; code: number; reason: string; opened: boolean };

interface ThreadScope {
  postMessage(message: ThreadEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** In the worker: one WebSocket per id; frames that arrive together travel as one message. */
export function startSocketThread(scope: ThreadScope, open: SocketFactory = directSocket): void {
  const sockets = new Map<number, SocketLike>();
  scope.addEventListener('message', (event) => {
    const command = event.data as Partial<ThreadCommand>;
    if (!isRecord(command) || typeof command.id !== 'number') return;
    const id = command.id;
    if (command.type === 'open' && typeof command.url === 'string' && !sockets.has(id)) {
      let batch: string[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        clearTimeout(timer);
        timer = undefined;
        if (batch.length === 0) return;
        scope.postMessage({ id, type: 'texts', data: batch });
        batch = [];
      };
      sockets.set(
        id,
        open(command.url, {
          onOpen: () => scope.postMessage({ id, type: 'open' }),
          onText: (data) => {
            batch.push(data);
            // A zero-delay timer: a lone frame leaves at once, a burst leaves as one message.
            timer ??= setTimeout(flush, 0);
          },
          onClose: ({ code, reason, opened }) => {
            flush();
            sockets.delete(id);
            scope.postMessage({ id, type: 'close', code, reason, opened });
          },
        }),
      );
    } else if (command.type === 'send' && typeof command.data === 'string') sockets.get(id)?.send(command.data);
    else if (command.type === 'close') sockets.get(id)?.close(command.code, command.reason);
  });
}

export interface ThreadLike {
  postMessage(message: ThreadCommand): void;
  addEventListener(type: 'message' | 'error', listener: (event: MessageEvent) => void): void;
}

/**
 * In the document: a SocketFactory whose sockets live on `thread`. `onTexts` receives each batch
 * whole (the relay forwards it as one port message); handlers see the same once-only close as
 * directSocket's. If the thread dies (a script error), every socket closes with 1006.
 */
export function threadSocketFactory(thread: ThreadLike): SocketFactory {
  let nextId = 1;
  const live = new Map<number, SocketHandlers & { opened: boolean }>();
  const finish = (id: number, code: number, reason: string) => {
    const handlers = live.get(id);
    if (!handlers) return;
    live.delete(id);
    handlers.onClose({ code, reason, opened: handlers.opened });
  };
  thread.addEventListener('message', (event) => {
    const message = event.data as Partial<ThreadEvent>;
    if (!isRecord(message) || typeof message.id !== 'number') return;
    const handlers = live.get(message.id);
    if (!handlers) return;
    if (message.type === 'open') {
      handlers.opened = true;
      handlers.onOpen({ onThread: true });
    } else if (message.type === 'texts' && Array.isArray(message.data)) {
      if (handlers.onTexts) handlers.onTexts(message.data);
      else for (const data of message.data) handlers.onText(data);
    } else if (message.type === 'close') finish(message.id, Number(message.code), String(message.reason ?? ''));
  });
  thread.addEventListener('error', () => {
    for (const id of [...live.keys()]) finish(id, 1006, 'socket thread failed');
  });
  return (url, handlers) => {
    const id = nextId++;
    live.set(id, Object.assign(Object.create(handlers) as SocketHandlers, { opened: false }));
    thread.postMessage({ id, type: 'open', url });
    return {
      send: (data) => {
        if (live.has(id)) thread.postMessage({ id, type: 'send', data });
      },
      close: (code = 1000, reason = '') => {
        if (!live.has(id)) return;
        thread.postMessage({ id, type: 'close', code, reason });
        finish(id, code, reason);
      },
    };
  };
}
