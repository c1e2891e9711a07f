// Connection doctor probes (issue #14): small, read-mostly requests against the playground that
// tell the self-test what the site speaks today. Built from the same pieces the chat uses (the
// socket factory, agentsUrl, the frame and model parsers, the body sniffer) so a probe fails
// exactly where a chat would. Each probe resolves with facts and never throws. The one probe that
// generates anything is in chat-probe.ts.
import { browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { isChallengePage } from './errors';
import { HEADER_RULE_ID } from './header-rules';
import { rowsToModels } from './models';
import { parseFrame } from './parse/agents-frames';
import { sniffFormat } from './parse/sniff';
import { buildGetModelsRpc, buildInferenceBody, newId } from './request-bodies';
import type { SocketFactory } from './socket';
import { agentsUrl } from './agents-url';
import { readCapped } from './read-capped';

const PAGE_CHARS = 64 * 1024;
const PROBE_TIMEOUT_MS = 10_000;
/** A model id no server has: the inference route answers 400 (alive) or 404 (gone) without generating. */
export const NO_SUCH_MODEL = '@cf/flarechat/self-test-no-such-model';

export interface HttpProbe {
  /** 0 when no response arrived. */
  status: number;
  challenge: boolean;
  /** Network failure or timeout, when status is 0. */
  error?: string;
  /** The first bytes' format (html, json, datastream-v4, sse, empty, unknown). */
  format?: string;
  /** Short plain-text body (error pages' text is dropped), for evidence. */
  text?: string;
}

export interface ModelsRouteProbe extends HttpProbe {
  textModels?: number;
  /** The text models' ids (Eras A–B), so an HTTP chat probe picks a model this playground lists. */
  ids?: string[];
}

export interface SocketSessionProbe {
  opened: boolean;
  /** The relay opened it on its worker thread, off the main thread the side panel renders on. */
  onThread?: boolean;
  closeCode?: number;
  /** Frame types in arrival order (first 20). */
  frameTypes: string[];
  identity: boolean;
  state: boolean;
  models: { ok: true; rows: number; textModels: number; ids: string[] } | { ok: false; error: string };
}


export interface HeaderRulesProbe {
  installed: boolean;
  detail: string;
}

export interface ClearanceProbe {
  withCookies: HttpProbe;
  withoutCookies: HttpProbe;
}

type Fetch = typeof fetch;

function shortText(body: string): string | undefined {
  const text = body.replace(/\s+/g, ' ').trim();
  return text === '' || text.length > 120 || /<[a-z!/?]/i.test(text) ? undefined : text;
}

async function httpProbe(fetchImpl: Fetch, path: string, init: RequestInit): Promise<{ probe: HttpProbe; body: string }> {
  try {
    const response = await fetchImpl(`${PLAYGROUND_ORIGIN}${path}`, {
      cache: 'no-store',
      credentials: 'include',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      ...init,
    });
    const body = await readCapped(response, PAGE_CHARS);
    const probe: HttpProbe = {
      status: response.status,
      challenge: isChallengePage(response.headers, body),
      format: sniffFormat(body, true),
    };
    const text = shortText(body);
    if (text !== undefined) probe.text = text;
    return { probe, body };
  } catch (error) {
    return { probe: { status: 0, challenge: false, error: error instanceof Error ? error.name === 'TimeoutError' ? 'timed out' : error.message : String(error) }, body: '' };
  }
}

/** GET / : reachable, and not a challenge page. */
export async function probePage(fetchImpl: Fetch = fetch): Promise<HttpProbe> {
  return (await httpProbe(fetchImpl, '/', {})).probe;
}

/** GET /api/models (Eras A–B): status, and how many text models when it answers a list. */
export async function probeModelsRoute(fetchImpl: Fetch = fetch): Promise<ModelsRouteProbe> {
  const { probe, body } = await httpProbe(fetchImpl, '/api/models', {});
  if (probe.status !== 200 || probe.format !== 'json') return probe;
  try {
    const json = JSON.parse(body) as { models?: unknown };
    const models = Array.isArray(json.models) ? rowsToModels(json.models) : [];
    return { ...probe, textModels: models.length, ids: models.map((m) => m.id) };
  } catch {
    return probe;
  }
}

/** POST /api/inference with a model that does not exist: 400 means the route is alive, 404 gone. Generates nothing. */
export async function probeInferenceRoute(fetchImpl: Fetch = fetch): Promise<HttpProbe> {
  const body = buildInferenceBody({ requestId: 'self-test', sessionName: 'self-test', model: NO_SUCH_MODEL, maxTokens: 1, messages: [{ id: 'self-test', role: 'user', text: 'ok' }] });
  return (await httpProbe(fetchImpl, '/api/inference', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })).probe;
}

/**
 * Whether a clearance cookie rides along, without reading any cookie: the same cheap request with
 * and without credentials. Passing only with them means the jar holds a working clearance.
 */
export async function probeClearance(fetchImpl: Fetch = fetch): Promise<ClearanceProbe> {
  const [withCookies, withoutCookies] = await Promise.all([
    httpProbe(fetchImpl, '/api/models', { credentials: 'include' }),
    httpProbe(fetchImpl, '/api/models', { credentials: 'omit' }),
  ]);
  return { withCookies: withCookies.probe, withoutCookies: withoutCookies.probe };
}

/** Open one agents socket, wait for the opening frames, ask getModels, close. */
export function probeSocketSession(openSocket: SocketFactory, options: { stateWaitMs?: number; rpcWaitMs?: number } = {}): Promise<SocketSessionProbe> {
  const stateWaitMs = options.stateWaitMs ?? 3_000;
  const rpcWaitMs = options.rpcWaitMs ?? 8_000;
  return new Promise((resolve) => {
    const rpcId = newId('doctor');
    const result: SocketSessionProbe = { opened: false, frameTypes: [], identity: false, state: false, models: { ok: false, error: 'no reply' } };
    let asked = false;
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close(1000, 'self-test');
      resolve(result);
    };
    const ask = () => {
      if (asked || done) return;
      asked = true;
      clearTimeout(timer);
      socket.send(JSON.stringify(buildGetModelsRpc(rpcId)));
      timer = setTimeout(() => {
        result.models = { ok: false, error: `no rpc reply in ${rpcWaitMs} ms` };
        finish();
      }, rpcWaitMs);
    };
    const socket = openSocket(agentsUrl(`flarechat-selftest-${newId('s', 12)}`), {
      onOpen(info) {
        result.opened = true;
        if (info?.onThread) result.onThread = true;
        timer = setTimeout(ask, stateWaitMs);
      },
      onText(data) {
        const frame = parseFrame(data);
        const type = typeof frame?.type === 'string' ? frame.type : frame ? '(no type)' : '(not JSON)';
        if (result.frameTypes.length < 20) result.frameTypes.push(type);
        if (type === 'cf_agent_identity') result.identity = true;
        if (type === 'cf_agent_state') {
          result.state = true;
          ask();
        }
        if (frame?.type === 'rpc' && frame.id === rpcId) {
          if (frame.success !== false && Array.isArray(frame.result)) {
            const models = rowsToModels(frame.result);
            result.models = { ok: true, rows: frame.result.length, textModels: models.length, ids: models.map((m) => m.id) };
          } else {
            result.models = { ok: false, error: typeof frame.error === 'string' ? frame.error.slice(0, 120) : 'rpc failed' };
          }
          finish();
        }
      },
      onClose({ code, opened }) {
        result.closeCode = code;
        if (!opened) result.opened = false;
        if (!done && result.models.ok === false && result.models.error === 'no reply') result.models = { ok: false, error: `socket closed (${code})` };
        finish();
      },
    });
  });
}

/** Our Origin/Referer session rule is installed and points at the playground. */
export async function probeHeaderRules(): Promise<HeaderRulesProbe> {
  try {
    const rules = await browser.declarativeNetRequest.getSessionRules();
    const rule = rules.find((r) => r.id === HEADER_RULE_ID);
    if (!rule) return { installed: false, detail: `no session rule ${HEADER_RULE_ID} (${rules.length} rules)` };
    const origin = rule.action.requestHeaders?.find((h) => h.header.toLowerCase() === 'origin');
    const target = new URL(PLAYGROUND_ORIGIN).origin;
    if (origin?.value !== target) return { installed: false, detail: `rule ${HEADER_RULE_ID} sets Origin to ${origin?.value ?? 'nothing'}` };
    return { installed: true, detail: `Origin/Referer → ${target} for ${(rule.condition.resourceTypes ?? []).join(', ')}` };
  } catch (error) {
    return { installed: false, detail: `declarativeNetRequest unavailable: ${String(error)}` };
  }
}
