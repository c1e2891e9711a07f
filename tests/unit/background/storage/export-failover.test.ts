// Issue #17: an answer given by another model keeps that fact through export and import.
import { beforeEach, describe, expect, it } from 'vitest';
import { createConversation } from '@/lib/background/storage/conversations';
import { exportConversationJson } from '@/lib/background/storage/export-import';
import { exportConversationMarkdown } from '@/lib/background/storage/export-import-markdown';
import { parseImport } from '@/lib/background/storage/export-import-schema';
import { listMessages, putMessage } from '@/lib/background/storage/messages';
import { freshDb, makeMessage } from './helpers';

beforeEach(freshDb);

describe('failover in exports', () => {
  it('JSON keeps Message.failover and imports it; Markdown names both models', async () => {
    const c = await createConversation({ model: '@cf/zai-org/glm-5.2' });
    await putMessage(makeMessage(c.id, 0, 'user', 'Hi'));
    await putMessage(makeMessage(c.id, 1, 'assistant', 'Hello', { model: '@cf/google/gemma-4-26b-a4b-it', failover: { from: '@cf/zai-org/glm-5.2', reason: 'capacity' } }));
    const messages = await listMessages(c.id);
    const parsed = parseImport(exportConversationJson(c, messages));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.data.conversations[0].messages[1].failover).toEqual({ from: '@cf/zai-org/glm-5.2', reason: 'capacity' });
    expect(exportConversationMarkdown(c, messages)).toContain('**Assistant (@cf/google/gemma-4-26b-a4b-it, instead of @cf/zai-org/glm-5.2 (capacity))**');
  });

  it('an unknown failover reason is refused on import', async () => {
    const c = await createConversation({});
    await putMessage(makeMessage(c.id, 0, 'assistant', 'x', { failover: { from: '@cf/a/b', reason: 'bored' as never } }));
    expect(parseImport(exportConversationJson(c, await listMessages(c.id))).ok).toBe(false);
  });
});
