// Fills the extension's history in bulk for e2e tests that need many conversations: an export file
// of generated conversations, written by the worker's bench hook (`__flarechatBench.seedHistory`,
// e2e builds only: the same rows an import writes, without its checks).
import type { LaunchedExtension } from './harness';

export interface SeedMessage {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * `count` conversations, newest first by index (conversation i was updated i minutes ago), with
 * the title and messages `make(i)` gives. Resolves with how many the worker wrote.
 */
export function seedConversations(ext: LaunchedExtension, prefix: string, count: number, make: (i: number) => { title: string; messages: SeedMessage[] }): Promise<number> {
  const now = Date.now();
  const conversations = Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${i}`;
    const updatedAt = now - i * 60_000;
    const { title, messages } = make(i);
    return {
      id,
      title,
      createdAt: updatedAt,
      updatedAt,
      pinned: false,
      messageCount: messages.length,
      preview: messages.at(-1)?.text.slice(0, 120) ?? '',
      messages: messages.map((m, seq) => ({ id: `${id}-m${seq}`, conversationId: id, seq, role: m.role, text: m.text, status: 'done', createdAt: updatedAt, updatedAt })),
    };
  });
  const file = JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: now, conversations });
  return ext.worker.evaluate(async (json) => {
    const hook = (globalThis as unknown as { __flarechatBench?: { seedHistory(text: string): Promise<number> } }).__flarechatBench;
    if (!hook) throw new Error('not an e2e build: no __flarechatBench hook');
    return hook.seedHistory(json);
  }, file);
}
