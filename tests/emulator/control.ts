// The control API under /__emulator/* (README "Control API"): the log, the config, restarts, and
// what the fake model received / an instance's stored transcript (to prove merges and clears).
import type http from 'node:http';
import type { Emulator } from './types';
import { isRecord, parseJson } from './util';

export function control(emu: Emulator, method: string, path: string, raw: string, res: http.ServerResponse): void {
  const json = (status: number, v: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(v === undefined ? undefined : JSON.stringify(v));
  };
  if (path === '/__emulator/log' && method === 'GET') return json(200, emu.log);
  if (path === '/__emulator/log' && method === 'DELETE') {
    emu.clearLog();
    res.writeHead(204);
    res.end();
    return;
  }
  if (path === '/__emulator/model-inputs' && method === 'GET') return json(200, emu.modelInputs());
  const transcript = /^\/__emulator\/transcript\/([^/]+)$/.exec(path);
  if (transcript && method === 'GET') return json(200, emu.transcript(decodeURIComponent(transcript[1])));
  if (path === '/__emulator/config' && method === 'GET') return json(200, emu.config);
  if (path === '/__emulator/config' && method === 'POST') {
    const patch = parseJson(raw);
    if (!isRecord(patch)) return json(400, { error: 'expected a JSON object' });
    try {
      emu.configure(patch);
    } catch (e) {
      return json(400, { error: (e as Error).message });
    }
    return json(200, emu.config);
  }
  if (path === '/__emulator/restart' && method === 'POST') {
    const ms = Number(new URLSearchParams(raw).get('ms') ?? (parseJson(raw) as { ms?: number } | undefined)?.ms);
    json(202, { restartMs: Number.isFinite(ms) ? ms : emu.config.faults.restartMs });
    res.on('finish', () => void emu.restart(Number.isFinite(ms) ? ms : undefined).catch((e: unknown) => process.stderr.write(`[emulator] restart failed: ${String(e)}\n`)));
    return;
  }
  json(404, { error: 'unknown control route' });
}
