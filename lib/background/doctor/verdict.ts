// The self-test's conclusions (issue #14): which model the one real request uses, and the verdict
// (what the playground speaks today, what FlareChat will use) from what the steps found.
import type { ProtocolEra, SelfTestStep, SelfTestVerdict, StepResult, WireTransport } from '@/lib/protocol/doctor';
import type { ChatProbe } from '@/lib/playground/chat-probe';
import type { ClearanceProbe, HttpProbe, ModelsRouteProbe, SocketSessionProbe } from '@/lib/playground/diagnostics';

/** What earlier steps found, for later steps and the verdict. */
export interface Facts {
  page?: HttpProbe;
  session?: SocketSessionProbe;
  chat?: ChatProbe;
  chatModel?: string;
  modelsRoute?: ModelsRouteProbe;
  inferenceRoute?: HttpProbe;
  clearance?: ClearanceProbe;
}

/** Billions of parameters in a model id (`llama-3.2-1b` → 1, `qwen1.5-0.5b` → 0.5), if it says. */
function sizeOf(id: string): number | undefined {
  const last = id.split('/').pop() ?? id;
  const match = /(?:^|[-_])(\d+(?:\.\d+)?)b(?=$|[-_])/i.exec(last);
  return match ? Number(match[1]) : undefined;
}

/** The lightest chat model: the smallest stated size; decision-only and adapter models never. */
export function lightestModel(ids: readonly string[]): string {
  const usable = ids.filter((id) => !id.includes('-lora') && !id.includes('/clef'));
  let best: { id: string; size: number } | undefined;
  for (const id of usable) {
    const size = sizeOf(id);
    if (size !== undefined && (!best || size < best.size)) best = { id, size };
  }
  return best?.id ?? usable[0] ?? '@cf/meta/llama-3.1-8b-instruct-fast';
}

export function verdictOf(facts: Facts, results: ReadonlyMap<SelfTestStep, StepResult>): SelfTestVerdict {
  const ok = (step: SelfTestStep) => results.get(step)?.status === 'pass';
  let transport: WireTransport = 'none';
  let era: ProtocolEra = 'unknown';
  if (facts.chat?.ok) {
    transport = facts.chat.transport;
    era = facts.chat.era;
  } else if (facts.session?.state) {
    transport = 'socket';
    era = 'D';
  } else if (facts.inferenceRoute?.status === 400 || (facts.modelsRoute?.textModels ?? 0) > 0) {
    transport = 'http';
    era = facts.modelsRoute?.status === 404 ? 'C' : 'unknown';
  }
  const checked = [facts.page, facts.inferenceRoute, facts.clearance?.withCookies, facts.modelsRoute].some((p) => p?.challenge)
    || (facts.chat?.code === 'challenge');
  let flarechat: WireTransport = 'none';
  if (facts.chat?.ok) flarechat = facts.chat.transport;
  else if (ok('socket')) flarechat = 'socket';
  else if (facts.inferenceRoute?.status === 400) flarechat = 'http';
  else if (checked) flarechat = 'tab';
  const speaks = transport === 'none' ? 'could not tell which protocol the playground speaks' : `the playground speaks Era ${era} over ${transport === 'socket' ? 'the agents WebSocket' : 'HTTP'}`;
  const uses = flarechat === 'none'
    ? 'FlareChat has no working transport'
    : flarechat === 'tab'
      ? 'FlareChat will use a playground tab once you pass the check there'
      : `FlareChat will use ${flarechat === 'socket' ? 'the socket' : 'HTTP'}`;
  return { transport, era, flarechat, summary: `${speaks}; ${uses}.` };
}

