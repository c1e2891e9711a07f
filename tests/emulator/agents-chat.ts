// Era D: answering one `cf_agent_use_chat_request`. The incoming messages are merged into the
// instance's transcript exactly as the agents server does (transcript.ts); the fake model gets the
// system prompt + that transcript (logged as a `model` entry); the answer streams through the
// instance's resumable stream (resumable.ts), so it survives dropped sockets. Socket-level faults:
// socket-drop, pending, recovering, error-no-done, close-code (README).
import { WebSocket } from 'ws';
import { buildAnswer } from './answer';
import { eraDEncoder, type Unit } from './encoders';
import type { FaultBook } from './fault-book';
import type { Gate } from './gate';
import { isChatModel, REASONING_MODELS } from './models';
import { MODEL_ERROR_TEXT, modelRuleError } from './model-rules';
import type { AgentStream, Instance, Send } from './resumable';
import { modelTokenDelay, takeModelRateLimit } from './model-knobs';
import { runStream, type StreamEnv, type StreamSink } from './stream';
import { futureUnits } from './future-frames';
import { mergeTranscript, modelInput, newAssistantId, serverAssistantMessage } from './transcript';
import type { LogEntry, ModelInput } from './types';
import { isRecord, lastUserText, parseJson, promptTokenEstimate, type UIMessage } from './util';

const RATE_LIMIT_TEXT = '3021: rate limiting: inference request per min rate reached';
const CAPACITY_TEXT = MODEL_ERROR_TEXT.capacity;
const DEPRECATED_TEXT = MODEL_ERROR_TEXT['model-deprecated'];
const PAID_TEXT = MODEL_ERROR_TEXT['model-paid'];
const WS_ERROR_TEXT = 'An error occurred.';

export interface AgentsEnv extends StreamEnv {
  faults: FaultBook;
  gate: Gate;
  instances: Map<string, Instance>;
  record(entry: Omit<LogEntry, 't'>): LogEntry;
  modelInput(input: Omit<ModelInput, 't'>): void;
  restart(): Promise<void>;
  closed(): boolean;
}

export async function wsChat(
  env: AgentsEnv,
  ws: WebSocket,
  inst: Instance,
  requestId: string,
  body: unknown,
  send: Send,
  broadcast: (v: unknown) => void,
): Promise<void> {
  const incoming: UIMessage[] = isRecord(body) && Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
  inst.messages = mergeTranscript(inst.messages, incoming);
  if (env.faults.take('restart')) {
    void env.restart().catch((e: unknown) => process.stderr.write(`[emulator] restart failed: ${String(e)}\n`));
    return;
  }
  const system = typeof inst.state.system === 'string' ? inst.state.system : '';
  env.modelInput({ instance: inst.name, requestId, prompt: modelInput(system, inst.messages) });

  const assistantId = newAssistantId();
  const stream: AgentStream = {
    requestId,
    state: 'pending',
    bodies: [],
    subscribers: new Map([[ws, send]]),
    text: '',
    reasoning: '',
    cancel: () => finish('cancelled'),
  };
  // One active stream per instance: a new turn supersedes (abandons) an older one.
  for (const s of inst.streams) if (s.state === 'pending' || s.state === 'live') s.cancel();
  inst.streams.push(stream);
  const flushed = new Map<WebSocket, Promise<void>>();
  function finish(state: 'completed' | 'errored' | 'cancelled' | 'abandoned'): void {
    if (stream.state !== 'pending' && stream.state !== 'live') return;
    stream.state = state;
    stream.endedAt = Date.now();
    const persist = state === 'completed' || (state === 'cancelled' && (stream.text !== '' || stream.reasoning !== ''));
    if (persist) {
      inst.messages.push(serverAssistantMessage(stream.text, stream.reasoning, assistantId));
      broadcast({ messages: inst.messages, type: 'cf_agent_chat_messages' });
    }
  }
  const live = (): boolean => (stream.state === 'pending' || stream.state === 'live') && !env.closed();
  const fanOut = (unit: Unit): void => {
    for (const [target, sendTo] of stream.subscribers) flushed.set(target, new Promise((resolve) => sendTo(unit, requestId, resolve)));
  };
  const sink: StreamSink = {
    write: (u) => {
      if (!live()) return;
      let unit = u;
      const parsedFrame = typeof u === 'string' ? parseJson(u) : undefined;
      // Only our own chat frames are stored (the malformed fault also writes strays and garbage).
      const frame = isRecord(parsedFrame) && parsedFrame.type === 'cf_agent_use_chat_response' && parsedFrame.id === requestId ? parsedFrame : undefined;
      if (frame && typeof frame.body === 'string' && frame.body !== '') {
        if (frame.error === true) {
          stream.errorBody = frame.body;
        } else {
          let chunk = frame.body;
          const parsed = parseJson(chunk);
          if (isRecord(parsed) && parsed.type === 'start' && env.config.startMessageId) {
            chunk = JSON.stringify({ type: 'start', messageId: assistantId });
            unit = JSON.stringify({ ...frame, body: chunk });
          }
          if (isRecord(parsed) && parsed.type === 'text-delta' && typeof parsed.delta === 'string') stream.text += parsed.delta;
          if (isRecord(parsed) && parsed.type === 'reasoning-delta' && typeof parsed.delta === 'string') stream.reasoning += parsed.delta;
          stream.bodies.push(chunk);
        }
      }
      fanOut(unit);
      if (frame?.done === true) finish(frame.error === true ? 'errored' : 'completed');
    },
    alive: live,
    drop: () => {
      // drop-mid: the stream dies with the socket (an evicted object): nothing to resume.
      finish('abandoned');
      for (const target of stream.subscribers.keys()) void (flushed.get(target) ?? Promise.resolve()).then(() => target.terminate());
      stream.subscribers.clear();
    },
    end: () => {
      if (live()) finish(stream.errorBody !== undefined ? 'errored' : 'completed');
    },
  };
  const encoder = eraDEncoder(requestId);
  const model = typeof inst.state.model === 'string' ? inst.state.model : '';
  const fail = (message: string): void => {
    stream.state = 'live';
    for (const u of encoder.error(message)) sink.write(u);
    sink.end();
  };
  if (env.faults.take('rate-limit') || takeModelRateLimit(env.config, model)) return fail(env.config.faults.rateLimitText ?? RATE_LIMIT_TEXT);
  // Workers AI codes of model churn (playground-2026.md "Error codes seen in messages").
  if (env.faults.take('capacity')) return fail(CAPACITY_TEXT);
  if (env.faults.take('model-deprecated')) return fail(DEPRECATED_TEXT);
  if (env.faults.take('model-paid')) return fail(PAID_TEXT);
  if (!isChatModel(model)) return fail(`5007: model not found: No such model ${model} or task`);
  const ruled = modelRuleError(env.config, model);
  if (ruled) return fail(ruled);
  const errorAfter = env.config.faults.inbandErrorAfterTokens;
  const inband = env.faults.take('inband-error');
  if (inband && errorAfter === null) return fail(WS_ERROR_TEXT);
  if (env.faults.take('error-no-done')) {
    // 2026 servers: an error frame ends the request by itself, no done frame follows.
    stream.state = 'live';
    sink.write(encoder.begin()[0]);
    sink.write(JSON.stringify({ error: true, body: WS_ERROR_TEXT, done: false, id: requestId, type: 'cf_agent_use_chat_response' }));
    finish('errored');
    return;
  }
  if (env.faults.take('pending')) {
    send(JSON.stringify({ type: 'cf_agent_stream_pending', id: requestId }));
    await env.sleep(env.config.faults.pendingMs);
    if (!live()) return;
  }
  const recovering = env.faults.take('recovering');
  if (recovering) send(JSON.stringify({ type: 'cf_agent_chat_recovering', recovering: true, id: requestId }));
  stream.state = 'live';
  const answer = buildAnswer(lastUserText(incoming, 'parts'), {
    answerTokens: env.config.answerTokens,
    reasoning: env.config.reasoning,
    reasoningModel: REASONING_MODELS.has(model),
  });
  const faults = env.faults.takeStreamFaults();
  if (inband) faults.add('inband-error');
  const closeCode = env.faults.take('close-code');
  const every = Math.max(1, env.config.faults.dropEveryTokens);
  await runStream(env, {
    encoder,
    sink,
    answer,
    promptTokens: promptTokenEstimate(incoming, 'parts', system),
    faults,
    tokenDelayMs: modelTokenDelay(env.config, model),
    ...(inband && errorAfter !== null ? { errorAfter } : {}),
    ...(env.faults.isActive('future-frames') ? { future: (k: number) => futureUnits('ws', requestId, k) } : {}),
    beforeToken: (i) => {
      if (closeCode && i === env.config.faults.dropAfterTokens) {
        for (const target of stream.subscribers.keys()) target.close(env.config.faults.closeCode, 'emulator close-code');
        stream.cancel();
        return;
      }
      if (i > 0 && i % every === 0 && env.faults.isActive('socket-drop') && stream.subscribers.size > 0 && env.faults.take('socket-drop')) {
        // The socket dies (1006) after what was already written reaches it; the stream goes on.
        for (const target of [...stream.subscribers.keys()]) {
          stream.subscribers.delete(target);
          void (flushed.get(target) ?? Promise.resolve()).then(() => target.terminate());
        }
      }
    },
  });
  if (recovering && ws.readyState === WebSocket.OPEN) send(JSON.stringify({ type: 'cf_agent_chat_recovering', recovering: false, id: requestId }));
}
