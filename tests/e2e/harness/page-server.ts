// Web pages for the tests to open in a tab (articles, PDFs, pages that never finish), served on
// 127.0.0.1 on a free port. The e2e build's host permission (http://127.0.0.1/*, any port) stands
// in for the activeTab grant a user's click gives. Shared by the e2e files and the bench.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fixed response, or a handler for anything else (a body that never ends, a slow one...). */
export type PageRoute = { type: string; body: string | Uint8Array } | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

export const html = (body: string): PageRoute => ({ type: 'text/html; charset=utf-8', body });
export const pdf = (body: Uint8Array): PageRoute => ({ type: 'application/pdf', body });

export interface PageServer {
  origin: string;
  /** `origin + path` */
  url(path: string): string;
  /** Paths requested so far, with their query, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `routes` by path (the query is ignored); an unknown path is a 404. */
export async function startPageServer(routes: Record<string, PageRoute>): Promise<PageServer> {
  const requests: string[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '/');
    open.add(res);
    res.on('close', () => open.delete(res));
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    if (typeof route === 'function') return route(req, res);
    res.writeHead(200, { 'content-type': route.type });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    requests,
    async close() {
      // Responses a route left open on purpose would keep close() waiting forever.
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
