// The agents server's own copy of a conversation, and how it merges what a client sends into it
// (cloudflare/agents packages/agents/src/chat/message-reconciler.ts + ai-chat persistMessages, read
// there; docs/playground-protocol.md#server-transcript). This is what makes a client that sends its own
// ids and bare text parts show the model every earlier answer twice, so it is modelled exactly:
// 1. each incoming message whose id is stored claims that stored row;
// 2. an unclaimed incoming ASSISTANT message takes the id of an unclaimed stored assistant message
//    whose parts are IDENTICAL (JSON of the parts), else it keeps its own id;
// 3. rows are upserted by id (a known id keeps its place, a new id is appended);
// 4. stale stored rows are deleted only when EVERY incoming (reconciled) id was already stored.
// `cf_agent_chat_clear` empties the copy. The model then receives the system prompt and the copy.
import { randomId } from './encoders';
import { isRecord, messageText, type UIMessage } from './util';
import type { ModelTurn } from './types';

export function mergeTranscript(stored: readonly UIMessage[], incoming: readonly UIMessage[]): UIMessage[] {
  const claimed = new Set<number>();
  const exact = new Map<number, number>();
  incoming.forEach((m, i) => {
    const si = stored.findIndex((s, j) => !claimed.has(j) && s.id !== undefined && s.id === m.id);
    if (si >= 0) {
      claimed.add(si);
      exact.set(i, si);
    }
  });
  const reconciled = incoming.map((m, i) => {
    if (exact.has(i) || m.role !== 'assistant') return m;
    const key = JSON.stringify(m.parts);
    const si = stored.findIndex((s, j) => !claimed.has(j) && s.role === 'assistant' && JSON.stringify(s.parts) === key);
    if (si < 0) return m;
    claimed.add(si);
    return { ...m, id: stored[si].id };
  });
  const out = stored.map((m) => ({ ...m }));
  for (const m of reconciled) {
    const i = out.findIndex((s) => s.id !== undefined && s.id === m.id);
    if (i >= 0) out[i] = m;
    else out.push(m);
  }
  const storedIds = new Set(stored.map((m) => m.id));
  if (reconciled.every((m) => storedIds.has(m.id))) {
    const keep = new Set(reconciled.map((m) => m.id));
    return out.filter((m) => keep.has(m.id));
  }
  return out;
}

/** The assistant message the server stores for a streamed answer: its own id, step-start + done text. */
export function serverAssistantMessage(text: string, reasoning: string, id = newAssistantId()): UIMessage {
  const parts: unknown[] = [{ type: 'step-start' }];
  if (reasoning !== '') parts.push({ type: 'reasoning', text: reasoning, state: 'done' });
  parts.push({ type: 'text', text, state: 'done' });
  return { id, role: 'assistant', parts };
}

export function newAssistantId(): string {
  return `assistant_${Date.now()}_${randomId(16)}`;
}

/** What the model receives: the system prompt (when non-empty), then every stored message's text. */
export function modelInput(system: string, transcript: readonly UIMessage[], prefer: 'content' | 'parts' = 'parts'): ModelTurn[] {
  const out: ModelTurn[] = system.trim() !== '' ? [{ role: 'system', text: system }] : [];
  for (const m of transcript) if (isRecord(m) && typeof m.role === 'string') out.push({ role: m.role, text: messageText(m, prefer) });
  return out;
}
