// Transport 2: POST /api/inference (Eras A–C). Used when the agents socket cannot be opened or
// its route is gone. The response format is sniffed from the bytes (lib/playground/parse/).
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { startDeadlines, DEFAULT_DEADLINES, type DeadlineLimits } from './deadlines';
import { classifyHttpFailure } from './errors';
import { errorEvent, isTerminal, type PlaygroundEvent, type TerminalEvent } from './events';
import { createHttpBodyParser } from './parse/http-body';
import { CONNECTION_CLOSED_MESSAGE } from './parse/sink';
import { buildInferenceBody } from './request-bodies';
import type { ChatRequest } from './types';
import { readCapped } from './read-capped';

/** An error page is never large; reading more of it only delays the message. */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

export interface HttpChatOptions {
  signal: AbortSignal;
  emit: (event: PlaygroundEvent) => void;
  deadlines?: DeadlineLimits;
  fetchImpl?: typeof fetch;
}

export async function httpChat(req: ChatRequest, options: HttpChatOptions): Promise<TerminalEvent> {
  const { emit } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  const local = new AbortController();
  let timeoutMessage: string | undefined;
  // Cancelling the reader ends a pending read at once, whatever the fetch implementation does
  // with the abort signal once the body is streaming.
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const stopReading = () => {
    local.abort();
    reader?.cancel().catch(() => {});
  };
  const onOuterAbort = stopReading;
  options.signal.addEventListener('abort', onOuterAbort);
  if (options.signal.aborted) local.abort();
  const deadlines = startDeadlines(options.deadlines ?? DEFAULT_DEADLINES, (message) => {
    timeoutMessage = message;
    stopReading();
  });

  const finish = (event: TerminalEvent): TerminalEvent => {
    deadlines.stop();
    options.signal.removeEventListener('abort', onOuterAbort);
    return event;
  };
  const failure = (error: unknown): TerminalEvent => {
    if (timeoutMessage) return finish(errorEvent('timeout', timeoutMessage));
    if (options.signal.aborted) return finish(errorEvent('aborted', 'Stopped.'));
    return finish(errorEvent('network', networkMessage(error)));
  };

  let response: Response;
  try {
    response = await fetchImpl(`${PLAYGROUND_ORIGIN}/api/inference`, {
      method: 'POST',
      // The user's own playground cookies (cf_clearance, __cf_bm) ride along; we never read them.
      credentials: 'include',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, text/plain, */*' },
      body: JSON.stringify(buildInferenceBody(req)),
      signal: local.signal,
      cache: 'no-store',
    });
  } catch (error) {
    return failure(error);
  }
  deadlines.activity();

  const body = response.body;
  if (!response.ok || !body) {
    let text = '';
    try {
      text = await readCapped(response, MAX_ERROR_BODY_CHARS);
    } catch (error) {
      if (timeoutMessage || options.signal.aborted) return failure(error);
    }
    const classified = classifyHttpFailure(response.status, response.headers, text);
    return finish(classified ?? errorEvent('protocol', 'The playground sent an empty response.'));
  }

  const parser = createHttpBodyParser(response.status, response.headers);
  const decoder = new TextDecoder();
  reader = body.getReader();
  let terminal: TerminalEvent | undefined;
  const deliver = (events: PlaygroundEvent[]) => {
    for (const event of events) {
      if (terminal) return;
      if (isTerminal(event)) terminal = event;
      else emit(event);
    }
  };
  try {
    while (!terminal) {
      const { done, value } = await reader.read();
      if (timeoutMessage || options.signal.aborted) return failure(undefined);
      if (done) {
        deliver(parser.push(decoder.decode()));
        deliver(parser.end());
        break;
      }
      deadlines.activity();
      deliver(parser.push(decoder.decode(value, { stream: true })));
    }
  } catch (error) {
    return failure(error);
  } finally {
    // Stop the download as soon as we have our answer (or gave up on it).
    reader.cancel().catch(() => {});
    reader = undefined;
  }
  return finish(terminal ?? errorEvent('network', CONNECTION_CLOSED_MESSAGE));
}

function networkMessage(error: unknown): string {
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return `Could not reach the playground${detail}. Check your connection.`;
}
