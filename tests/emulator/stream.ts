// One answer through an encoder, with the stream-shaping faults (slow-drip, stall, drop-mid,
// malformed, in-band error after N tokens). Shared by the HTTP eras and the agents socket.
import type { Encoder, Unit } from './encoders';
import type { EmulatorConfig, Fault } from './types';

export const MID_ERROR_TEXT = 'ReadableStream received over RPC disconnected prematurely.';

export interface StreamSink {
  write(unit: Unit): void;
  alive(): boolean;
  /** Destroy the connection with no end marker. */
  drop(): void;
  end(): void;
}

export interface StreamPlan {
  encoder: Encoder;
  sink: StreamSink;
  answer: { reasoning: string[]; text: string[] };
  promptTokens: number;
  faults: Set<Fault>;
  /** This answer's ms between tokens (a per-model speed, model-knobs.ts); default tokenDelayMs. */
  tokenDelayMs?: number;
  /** Fail upstream after this many text tokens (inband-error with inbandErrorAfterTokens). */
  errorAfter?: number;
  /** Called before text token `i` is sent (Era D's socket-level faults hook in here). */
  beforeToken?: (i: number) => void;
  /** The `future-frames` fault: the k-th unit of an unknown shape (tests/emulator/future-frames.ts). */
  future?: (k: number) => Unit[];
}

export interface StreamEnv {
  config: EmulatorConfig;
  sleep(ms: number): Promise<void>;
}

/** Streams one answer. Resolves true when it completed. */
export async function runStream(env: StreamEnv, p: StreamPlan): Promise<boolean> {
  const { encoder, sink, answer, faults } = p;
  // Read before every token, so a test can slow an answer down or let it finish fast mid-stream.
  const delay = (): number => (faults.has('slow-drip') ? env.config.faults.dripMs : (p.tokenDelayMs ?? env.config.tokenDelayMs));
  let garbage = 0;
  const put = (units: Unit[]): void => {
    for (const u of units) sink.write(u);
  };
  let future = 0;
  const junk = (): void => {
    if (faults.has('malformed')) put(encoder.garbage(garbage++));
    if (p.future) put(p.future(future++));
  };
  put(encoder.begin());
  junk();
  if (answer.reasoning.length > 0) {
    put(encoder.reasoningStart());
    for (const tok of answer.reasoning) {
      await env.sleep(delay());
      if (!sink.alive()) return false;
      put(encoder.reasoningDelta(tok));
      junk();
    }
    put(encoder.reasoningEnd());
  }
  put(encoder.textStart());
  for (let i = 0; i <= answer.text.length; i++) {
    if (faults.has('drop-mid') && i === env.config.faults.dropAfterTokens) {
      sink.drop();
      return false;
    }
    if (faults.has('stall') && i === env.config.faults.stallAfterTokens) return false; // silent, left open
    if (p.errorAfter !== undefined && i === p.errorAfter) {
      const mid = encoder.midError(MID_ERROR_TEXT);
      put(mid.units);
      if (mid.end) sink.end();
      return false;
    }
    if (i === answer.text.length) break;
    p.beforeToken?.(i);
    await env.sleep(delay());
    if (!sink.alive()) return false;
    put(encoder.textDelta(answer.text[i]));
    junk();
  }
  if (!sink.alive()) return false;
  put(encoder.finish({ promptTokens: p.promptTokens, completionTokens: answer.text.length + answer.reasoning.length }));
  sink.end();
  return true;
}
