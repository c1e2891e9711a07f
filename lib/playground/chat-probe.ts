// The self-test's one real request (issue #14): a one-token chat with the lightest model, over the
// transport FlareChat would use. Only the answer's length and the era its bytes belong to are kept.
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import type { ProtocolEra } from '@/lib/protocol/doctor';
import { DEFAULT_DEADLINES, type DeadlineLimits } from './deadlines';
import { readCapped } from './read-capped';
import { isTerminal, type PlaygroundEvent, type TerminalEvent } from './events';
import { createHttpBodyParser } from './parse/http-body';
import { sniffFormat, sniffSseData } from './parse/sniff';
import { buildInferenceBody, newId } from './request-bodies';
import type { SocketFactory } from './socket';
import { socketChat } from './socket-transport';
import type { ChatRequest } from './types';

export const SELF_TEST_PROMPT = 'Reply with the single word: ok';
const BODY_CHARS = 64 * 1024;
type Fetch = typeof fetch;

export interface ChatProbe {
  ok: boolean;
  transport: 'socket' | 'http';
  era: ProtocolEra;
  /** Answer length only: the text itself is never kept. */
  chars: number;
  code?: string;
  status?: number;
  error?: string;
}

/** Which era a 200 chat body belongs to, from its first bytes (docs/playground-protocol.md#sniffing-the-format). */
export function eraOfBody(head: string): ProtocolEra {
  const format = sniffFormat(head, true);
  if (format === 'datastream-v4') return 'B';
  if (format !== 'sse') return 'unknown';
  for (const line of head.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const kind = sniffSseData(line.slice(5));
    if (kind === 'ui-message') return 'C';
    if (kind === 'legacy') return 'A';
  }
  return 'unknown';
}

function chatRequest(model: string): ChatRequest {
  return {
    requestId: newId('selftest'),
    sessionName: `flarechat-selftest-${newId('c', 12)}`,
    model,
    maxTokens: 1,
    messages: [{ id: newId('m'), role: 'user', text: SELF_TEST_PROMPT }],
  };
}

function outcome(transport: 'socket' | 'http', era: ProtocolEra, chars: number, event: TerminalEvent): ChatProbe {
  if (event.type === 'finish') return { ok: true, transport, era, chars };
  return { ok: false, transport, era, chars, code: event.code, status: event.status, error: event.message };
}

/** The one real request of the self-test: a one-token answer from `model`. Only its length is kept. */
export async function probeChat(
  transport: 'socket' | 'http',
  model: string,
  deps: { openSocket: SocketFactory; fetchImpl?: Fetch; deadlines?: DeadlineLimits },
): Promise<ChatProbe> {
  const req = chatRequest(model);
  let chars = 0;
  const count = (event: PlaygroundEvent) => {
    if (event.type === 'text-delta') chars += event.text.length;
  };
  if (transport === 'socket') {
    const { event } = await socketChat(req, { signal: new AbortController().signal, emit: count, openSocket: deps.openSocket, deadlines: deps.deadlines ?? DEFAULT_DEADLINES });
    return outcome('socket', 'D', chars, event);
  }
  const fetchImpl = deps.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(`${PLAYGROUND_ORIGIN}/api/inference`, {
      method: 'POST',
      credentials: 'include',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, text/plain, */*' },
      body: JSON.stringify(buildInferenceBody(req)),
      signal: AbortSignal.timeout(deps.deadlines?.firstByteMs ?? DEFAULT_DEADLINES.firstByteMs),
    });
  } catch (error) {
    return { ok: false, transport, era: 'unknown', chars: 0, code: 'network', error: String(error) };
  }
  let body = '';
  try {
    body = await readCapped(response, BODY_CHARS);
  } catch (error) {
    return { ok: false, transport, era: 'unknown', chars: 0, code: 'network', status: response.status, error: String(error) };
  }
  const era = response.ok ? eraOfBody(body) : 'unknown';
  const parser = createHttpBodyParser(response.status, response.headers);
  let terminal: TerminalEvent | undefined;
  for (const event of [...parser.push(body), ...parser.end()]) {
    if (terminal) break;
    if (isTerminal(event)) terminal = event;
    else count(event);
  }
  return outcome('http', era, chars, terminal ?? { type: 'error', code: 'protocol', message: 'no end of answer' });
}

