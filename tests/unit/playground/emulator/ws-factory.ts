// A SocketFactory over the `ws` package (Node 20 has no global WebSocket) that sends every agents
// URL to the local emulator instead of the configured playground origin.
import { WebSocket, type RawData } from 'ws';
import type { SocketFactory } from '@/lib/playground/socket';

export function emulatorSockets(origin: string): SocketFactory & { opened: string[] } {
  const opened: string[] = [];
  const factory: SocketFactory = (url, handlers) => {
    const u = new URL(url);
    const target = `${origin.replace(/^http/, 'ws')}${u.pathname}${u.search}`;
    opened.push(target);
    let isOpen = false;
    let closed = false;
    const finish = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      handlers.onClose({ code, reason, opened: isOpen });
    };
    const ws = new WebSocket(target);
    ws.on('open', () => {
      isOpen = true;
      handlers.onOpen();
    });
    ws.on('message', (data: RawData, binary: boolean) => {
      if (!binary) handlers.onText(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    });
    ws.on('close', (code: number, reason: Buffer) => finish(code, reason.toString('utf8')));
    ws.on('error', () => undefined);
    return {
      send(data) {
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      },
      close(code = 1000, reason = '') {
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
        finish(code, reason);
      },
    };
  };
  return Object.assign(factory, { opened });
}
