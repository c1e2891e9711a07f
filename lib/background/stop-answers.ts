// "Delete all" must not clear the database under a running answer: the answer's next write would
// fail or re-create what was deleted. Built from the engine's public API only (handle, settle):
// every conversation with an answer queued, streaming or waiting for a retry gets a chat-stop,
// then we wait until nothing runs. A stop can let the scheduler start a waiting job of a
// conversation already passed, so repeat until a round finds nothing active (bounded).
import type { ChatEngine } from '@/lib/background/engine/engine';
import { findMessagesByStatus } from '@/lib/background/storage/messages';

const MAX_ROUNDS = 5;
const nobody = { postMessage: () => undefined };

async function activeConversations(): Promise<Set<string>> {
  const [queued, streaming, failed] = await Promise.all(['queued', 'streaming', 'error'].map((s) => findMessagesByStatus(s as 'queued')));
  // A failed answer with a scheduled automatic retry is still going to write.
  const retrying = failed.filter((m) => m.error?.retryAt !== undefined);
  return new Set([...queued, ...streaming, ...retrying].map((m) => m.conversationId));
}

export async function stopAllAnswers(engine: Pick<ChatEngine, 'handle' | 'settle'>): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const active = await activeConversations();
    if (active.size === 0) break;
    for (const conversationId of active) await engine.handle(nobody, { type: 'chat-stop', conversationId });
    await engine.settle();
  }
  await engine.settle();
}
