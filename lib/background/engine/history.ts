// What the model sees: the conversation up to the turn being answered. Failed or empty answers
// are left out (they would teach the model nothing and confuse the agents server's merge).
import type { ChatTurn } from '@/lib/playground/types';
import type { Message } from '@/lib/protocol/records';

/** The instruction sent after a partial answer when the user asks to continue it. */
export const CONTINUE_PROMPT = 'Continue exactly where your previous answer stopped. Do not repeat what you already wrote.';

export function historyFor(messages: Message[], beforeSeq: number): ChatTurn[] {
  return messages
    .filter((m) => m.seq < beforeSeq)
    .filter((m) => m.role === 'user' || (m.text.trim() !== '' && m.status !== 'queued'))
    .sort((a, b) => a.seq - b.seq)
    .map((m) => ({ id: m.id, role: m.role, text: m.text }));
}

/** History for "continue": everything up to and including the partial answer, then the nudge. */
export function continuationHistory(messages: Message[], partial: Message, nudgeId: string): ChatTurn[] {
  return [
    ...historyFor(messages, partial.seq),
    { id: partial.id, role: 'assistant', text: partial.text },
    { id: nudgeId, role: 'user', text: CONTINUE_PROMPT },
  ];
}
