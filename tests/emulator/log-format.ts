// One-line rendering of a log entry (used by the CLI and `verbose`).
import type { LogEntry } from './types';
import { isRecord } from './util';

/** One-line rendering of a log entry (used by the CLI and `verbose`). */
export function formatLogEntry(e: LogEntry): string {
  const t = `${String(e.t).padStart(7)}ms`;
  const fault = e.fault ? ` [${e.fault}]` : '';
  switch (e.kind) {
    case 'http':
    case 'upgrade': {
      const origin = e.headers.origin ? ` origin=${e.headers.origin}` : '';
      const model = isRecord(e.body) && typeof e.body.model === 'string' ? ` model=${e.body.model}` : '';
      return `${t} ${e.kind} ${e.method ?? ''} ${e.path} → ${e.status ?? 'dropped'}${origin}${model}${fault}`;
    }
    case 'ws-in':
    case 'ws-out': {
      const type = isRecord(e.frame) ? (typeof e.frame.type === 'string' ? e.frame.type : '?') : typeof e.frame === 'string' ? e.frame.slice(0, 40) : '?';
      const extra = isRecord(e.frame) && e.frame.type === 'rpc' && typeof e.frame.method === 'string' ? ` ${e.frame.method}` : '';
      return `${t} ${e.kind} ${e.instance ?? ''} ${type}${extra}${e.requestId ? ` id=${e.requestId}` : ''}`;
    }
    case 'ws-close':
      return `${t} ws-close ${e.instance ?? ''} code=${e.code ?? ''} ${e.reason ?? ''}`;
  }
}
