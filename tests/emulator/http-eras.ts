// The HTTP eras (A, B, C): `POST /api/inference` with each era's body rules and encoder, and the
// model-input log (system_message + messages) for each request.
import type http from 'node:http';
import { buildAnswer } from './answer';
import { eraAEncoder, eraBEncoder, eraCEncoder } from './encoders';
import type { FaultBook } from './fault-book';
import { apiModelRows, REASONING_MODELS } from './models';
import { runStream, type StreamEnv, type StreamSink } from './stream';
import { futureUnits } from './future-frames';
import { modelInput } from './transcript';
import { TEXT_PLAIN } from './gate';
import type { Fault, LogEntry, ModelInput } from './types';
import { isRecord, lastUserText, promptTokenEstimate, statusText, type UIMessage } from './util';

const RATE_LIMIT_TEXT_HTTP = 'Too many requests: rate limited';
const HTTP_ERROR_TEXT = 'Error during inference';

export interface HttpEraEnv extends StreamEnv {
  faults: FaultBook;
  record(entry: Omit<LogEntry, 't'>): LogEntry;
  modelInput(input: Omit<ModelInput, 't'>): void;
  restart(): Promise<void>;
  closed(): boolean;
  eraCPartsError: string;
}

export function inference(
  env: HttpEraEnv,
  mode: 'era-a' | 'era-b' | 'era-c',
  body: unknown,
  base: Omit<LogEntry, 't'>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const send = (status: number, headers: Record<string, string | number>, text?: string, fault?: Fault): void => {
    env.record({ ...base, status, ...(fault ? { fault } : {}) });
    res.writeHead(status, statusText(status), { ...headers, 'content-length': text === undefined ? 0 : Buffer.byteLength(text) });
    res.end(text);
  };
  if (env.faults.take('restart')) {
    env.record({ ...base, fault: 'restart' });
    void env.restart().catch((e: unknown) => process.stderr.write(`[emulator] restart failed: ${String(e)}\n`));
    return;
  }
  if (env.faults.take('rate-limit')) {
    return send(429, { 'content-type': TEXT_PLAIN, 'retry-after': String(env.config.faults.retryAfterSeconds) }, RATE_LIMIT_TEXT_HTTP, 'rate-limit');
  }
  if (!isRecord(body)) return send(500, { 'content-type': TEXT_PLAIN }, 'SyntaxError: Unexpected end of JSON input');
  const model = typeof body.model === 'string' ? body.model : '';
  if (!apiModelRows().some((r) => r.name === model)) return send(400, {});
  const messages: UIMessage[] = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
  if (mode === 'era-c' && messages.some((m) => !Array.isArray(m.parts))) return send(500, { 'content-type': TEXT_PLAIN }, env.eraCPartsError);

  const prefer = mode === 'era-c' ? 'parts' : 'content';
  const headers: Record<string, string> =
    mode === 'era-a'
      ? { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
      : mode === 'era-b'
        ? { 'content-type': 'text/x-unknown', 'content-encoding': 'identity', 'x-vercel-ai-data-stream': 'v1' }
        : {
            'content-type': 'text/x-unknown',
            'cache-control': 'no-cache',
            'content-encoding': 'identity',
            'x-accel-buffering': 'no',
            'x-vercel-ai-ui-message-stream': 'v1',
          };
  const inbandAll = env.faults.take('inband-error');
  const errorAfter = env.config.faults.inbandErrorAfterTokens;
  const inband = inbandAll && errorAfter === null;
  const faults = inband ? new Set<Fault>() : env.faults.takeStreamFaults();
  if (inbandAll && !inband) faults.add('inband-error');
  const firstFault: Fault | undefined = inband ? 'inband-error' : [...faults][0];
  env.record({ ...base, status: 200, ...(firstFault ? { fault: firstFault } : {}) });
  res.writeHead(200, 'OK', { 'transfer-encoding': 'chunked', ...headers });
  res.flushHeaders();
  const encoder = mode === 'era-a' ? eraAEncoder() : mode === 'era-b' ? eraBEncoder() : eraCEncoder();
  let dead = false;
  res.on('close', () => {
    dead = true;
  });
  const sink: StreamSink = {
    write: (u) => {
      if (!dead) res.write(u);
    },
    alive: () => !dead && !env.closed(),
    drop: () => {
      // Let what was written reach the client (a fetch body stream that errors drops the chunks it
      // has not handed out yet), then kill the TCP socket: no terminating chunk, no end marker.
      dead = true;
      const sock = req.socket;
      sock.write(Buffer.alloc(0), () => void env.sleep(50).then(() => sock.destroy()));
    },
    end: () => {
      if (!dead) res.end();
    },
  };
  if (inband) {
    for (const u of encoder.error(HTTP_ERROR_TEXT)) sink.write(u);
    sink.end();
    return;
  }
  const system = typeof body.system_message === 'string' ? body.system_message : '';
  env.modelInput({ prompt: modelInput(system, messages, prefer) });
  const answer = buildAnswer(lastUserText(messages, prefer), {
    answerTokens: env.config.answerTokens,
    reasoning: env.config.reasoning,
    reasoningModel: REASONING_MODELS.has(model),
  });
  if (mode === 'era-a') answer.reasoning = [];
  void runStream(env, {
    encoder,
    sink,
    answer,
    promptTokens: promptTokenEstimate(messages, prefer, system),
    faults,
    ...(faults.has('inband-error') && errorAfter !== null ? { errorAfter } : {}),
    ...(env.faults.isActive('future-frames') ? { future: (k: number) => futureUnits(mode, 'http', k) } : {}),
  });
}
