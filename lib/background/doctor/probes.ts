// The self-test's real probes (issue #14): the diagnostics in lib/playground bound to the same
// socket factory and fetch the chat uses (start.ts clientDeps), so a probe meets what a chat meets.
import type { ClientDeps } from '@/lib/playground/client';
import { probeChat } from '@/lib/playground/chat-probe';
import {
  probeClearance,
  probeHeaderRules,
  probeInferenceRoute,
  probeModelsRoute,
  probePage,
  probeSocketSession,
} from '@/lib/playground/diagnostics';
import type { DoctorProbes } from './self-test';

export function realProbes(deps: ClientDeps, socketLabel: string): DoctorProbes {
  const fetchImpl = deps.fetchImpl; // undefined: the probes use the global fetch, as the chat does
  return {
    socketLabel,
    page: () => probePage(fetchImpl),
    socketSession: () => probeSocketSession(deps.openSocket),
    chat: (transport, model) => probeChat(transport, model, { openSocket: deps.openSocket, fetchImpl, deadlines: deps.deadlines }),
    modelsRoute: () => probeModelsRoute(fetchImpl),
    inferenceRoute: () => probeInferenceRoute(fetchImpl),
    headerRules: () => probeHeaderRules(),
    clearance: () => probeClearance(fetchImpl),
  };
}
