// A scripted playground for engine tests: each call waits for the test to feed it events.
import type { ChatOutcome } from '@/lib/playground/client';
import type { PlaygroundEvent, TerminalEvent } from '@/lib/playground/events';
import type { ChatRequest } from '@/lib/playground/types';
import type { ServerMessage } from '@/lib/protocol/messages';

export interface ScriptedCall {
  req: ChatRequest;
  signal: AbortSignal;
  emit(event: PlaygroundEvent): void;
  end(event: TerminalEvent): void;
}

export function scriptedStream() {
  const calls: ScriptedCall[] = [];
  const waiters: ((call: ScriptedCall) => void)[] = [];
  const stream = (req: ChatRequest, signal: AbortSignal, emit: (e: PlaygroundEvent) => void): Promise<ChatOutcome> =>
    new Promise((resolve) => {
      let ended = false;
      const end = (event: TerminalEvent) => {
        if (ended) return;
        ended = true;
        resolve({ event, transport: 'socket' });
      };
      signal.addEventListener('abort', () => end({ type: 'error', code: 'aborted', message: 'Stopped.' }));
      const call = { req, signal, emit, end };
      calls.push(call);
      waiters.splice(0).forEach((w) => w(call));
    });
  const nextCall = () =>
    new Promise<ScriptedCall>((resolve) => {
      const pending = calls.find((c) => !(c as { taken?: boolean }).taken);
      if (pending) {
        (pending as { taken?: boolean }).taken = true;
        return resolve(pending);
      }
      waiters.push((c) => {
        (c as { taken?: boolean }).taken = true;
        resolve(c);
      });
    });
  return { stream, calls, nextCall };
}

/** A subscriber that records what it receives. */
export function recorder() {
  const received: ServerMessage[] = [];
  return {
    received,
    postMessage(message: ServerMessage) {
      received.push(message);
    },
    ofType<T extends ServerMessage['type']>(type: T) {
      return received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
    },
    async waitFor<T extends ServerMessage['type']>(type: T, count = 1): Promise<Extract<ServerMessage, { type: T }>> {
      for (let i = 0; i < 500; i++) {
        const found = received.filter((m) => m.type === type);
        if (found.length >= count) return found[count - 1] as Extract<ServerMessage, { type: T }>;
        await new Promise((r) => setTimeout(r, 2));
      }
      throw new Error(`no ${type} #${count}; got ${received.map((m) => m.type).join(', ')}`);
    },
  };
}
