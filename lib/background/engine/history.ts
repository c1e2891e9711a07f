// What the model sees: the branch that leads to the turn being answered (issue #12: versions of
// earlier turns and other branches are never sent). Failed or empty answers are left out (they
// would teach the model nothing and confuse the agents server's merge).
import type { ChatTurn } from '@/lib/playground/types';
import { ancestryOf } from '@/lib/protocol/branches';
import type { Message } from '@/lib/protocol/records';

/** The instruction sent after a partial answer when the user asks to continue it. */
export const CONTINUE_PROMPT = 'Continue exactly where your previous answer stopped. Do not repeat what you already wrote.';

/** Everything before `target` on its own branch, first to last. */
export function historyFor(messages: Message[], target: Message): ChatTurn[] {
  return ancestryOf(target, messages)
    .slice(0, -1)
    .filter((m) => m.role === 'user' || (m.text.trim() !== '' && m.status !== 'queued'))
    .map((m) => ({ id: m.id, role: m.role, text: m.text }));
}

/** History for "continue": everything up to and including the partial answer, then the nudge. */
export function continuationHistory(messages: Message[], partial: Message, nudgeId: string): ChatTurn[] {
  return [
    ...historyFor(messages, partial),
    { id: partial.id, role: 'assistant', text: partial.text },
    { id: nudgeId, role: 'user', text: CONTINUE_PROMPT },
  ];
}
