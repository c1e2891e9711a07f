import { beforeEach, describe, expect, it, vi } from 'vitest';
import { claimTitleRequest } from '@/lib/background/storage/model-titles';
import { createConversation, deleteConversation, getConversation, listConversations, renameConversation, setPinned, updateConversationSettings } from '@/lib/background/storage/conversations';
import { openDb } from '@/lib/background/storage/db';
import { exportAll, exportConversationJson, type ExportFile } from '@/lib/background/storage/export-import';
import { importData } from '@/lib/background/storage/export-import-apply';
import { exportConversationMarkdown } from '@/lib/background/storage/export-import-markdown';
import { parseImport } from '@/lib/background/storage/export-import-schema';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { readImportFile } from '@/lib/shared/import-size';
import { MAX_IMPORT_BYTES } from '@/lib/shared/limits';
import { listMessages, putMessage } from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import type { Conversation, Message } from '@/lib/protocol/records';
import { freshDb, makeMessage, tick } from './helpers';

beforeEach(freshDb);

const CODE = 'Here:\n\n```ts\nconst x: number = 1;\n```\n\nDone.';

async function seed(): Promise<void> {
  const a = await createConversation({ model: '@cf/qwen/qwq-32b', temperature: 0.3, systemPrompt: 'Be terse' });
  await putMessage(makeMessage(a.id, 0, 'user', 'Show me TypeScript code'));
  await putMessage(
    makeMessage(a.id, 1, 'assistant', CODE, {
      model: '@cf/qwen/qwq-32b',
      reasoning: 'The user wants code.',
      finishReason: 'stop',
      usage: { promptTokens: 10, completionTokens: 20 },
      timings: { firstTokenMs: 120, totalMs: 900, tokensPerSecond: 22.5 },
      transport: 'socket',
    }),
  );
  await tick();
  const b = await createConversation({ title: 'Ошибки' });
  await renameConversation(b.id, 'Ошибки и 東京');
  await setPinned(b.id, true);
  await putMessage(makeMessage(b.id, 0, 'user', 'Почему?'));
  await putMessage(makeMessage(b.id, 1, 'assistant', 'partial', { status: 'error', error: { code: 'rate-limited', message: '3021: rate limiting', retryAt: 1_800_000_000_000, attempt: 1 } }));
  await updateConversationSettings(b.id, { maxTokens: 512 });
}

const withoutExportedAt = (file: ExportFile) => JSON.stringify({ ...file, exportedAt: 0 });

describe('export', () => {
  it('renders readable Markdown with roles, model, date and intact code fences', () => {
    const conversation: Conversation = {
      id: 'c1', title: 'Code help', createdAt: Date.UTC(2026, 0, 2, 3, 4), updatedAt: Date.UTC(2026, 0, 2, 3, 5),
      pinned: false, sessionName: 'flarechat-x', messageCount: 3, model: '@cf/qwen/qwq-32b',
    };
    const messages: Message[] = [
      makeMessage('c1', 0, 'user', 'Show code'),
      makeMessage('c1', 1, 'assistant', CODE, { model: '@cf/qwen/qwq-32b' }),
      makeMessage('c1', 2, 'assistant', '```py\nprint(1)', { status: 'stopped' }), // unterminated fence
    ];
    const md = exportConversationMarkdown(conversation, messages);
    expect(md).toContain('# Code help');
    expect(md).toContain('- Model: @cf/qwen/qwq-32b');
    expect(md).toContain('- Created: 2026-01-02 03:04 UTC');
    expect(md).toContain('**You**\n\nShow code');
    expect(md).toContain(`**Assistant (@cf/qwen/qwq-32b)**\n\n${CODE}`);
    expect(md).toContain('```py\nprint(1)\n```\n\n_(stopped)_');
  });

  it('exports one conversation as an importable JSON file', async () => {
    await seed();
    const [c] = await listConversations({ limit: 1 });
    const json = exportConversationJson(c, await listMessages(c.id));
    const parsed = parseImport(json);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data.conversations[0].messages).toHaveLength(2);
  });
});

describe('import', () => {
  it('round-trips: export → parse → import into an empty DB → export is identical', async () => {
    await seed();
    const first = await exportAll();
    expect(first.conversations).toHaveLength(2);
    const text = JSON.stringify(first);

    await freshDb();
    const parsed = parseImport(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(await importData(parsed.data)).toEqual({ imported: 2, skipped: 0, replaced: 0, renamed: {} });
    const second = await exportAll();
    expect(withoutExportedAt(second)).toBe(withoutExportedAt(first));
    // the search index is rebuilt for imported data
    expect((await searchConversations('typescript')).length).toBe(1);
    expect((await searchConversations('東京 ошибк')).length).toBe(1);
  });

  it('keeps that a title was already asked of the model, so an imported conversation is not retitled', async () => {
    const created = await createConversation({ title: 'Why the sky is blue' });
    await claimTitleRequest(created.id);
    const text = JSON.stringify(await exportAll());
    expect(JSON.parse(text).conversations[0].titleAsked).toBe(true);
    await freshDb();
    const parsed = parseImport(text);
    if (!parsed.ok) throw new Error(parsed.error);
    await importData(parsed.data);
    expect(await getConversation(created.id)).toMatchObject({ title: 'Why the sky is blue', titleAsked: true });
    expect(await claimTitleRequest(created.id)).toBeUndefined();
  });

  it('skips, replaces or copies conflicting conversations', async () => {
    await seed();
    const file = await exportAll();
    const [first] = file.conversations;
    const edited: ExportFile = { ...file, conversations: [{ ...first, title: 'Edited title' }] };

    expect(await importData(edited)).toMatchObject({ imported: 0, skipped: 1 });
    expect((await getConversation(first.id))?.title).not.toBe('Edited title');

    expect(await importData(edited, { onConflict: 'replace' })).toMatchObject({ imported: 1, replaced: 1 });
    expect((await getConversation(first.id))?.title).toBe('Edited title');
    expect(await listMessages(first.id)).toEqual(first.messages);

    const copy = await importData(edited, { onConflict: 'copy' });
    const newId = copy.renamed[first.id];
    expect(newId).toBeDefined();
    const copied = await getConversation(newId);
    expect(copied).toMatchObject({ title: 'Edited title', messageCount: first.messages.length });
    expect(copied?.sessionName).not.toBe((await getConversation(first.id))?.sessionName);
    const copiedMessages = await listMessages(newId);
    expect(copiedMessages.map((m) => m.text)).toEqual(first.messages.map((m) => m.text));
    expect(copiedMessages.every((m) => m.conversationId === newId && !first.messages.some((o) => o.id === m.id))).toBe(true);
  });

  it('exports soft-deleted conversations only when asked', async () => {
    await seed();
    const [c] = await listConversations({ limit: 1 });
    await deleteConversation(c.id);
    expect((await exportAll()).conversations).toHaveLength(1);
    expect((await exportAll({ includeDeleted: true })).conversations).toHaveLength(2);
  });

  it('imports nothing when the transaction fails part-way', async () => {
    await seed();
    const file = await exportAll();
    await freshDb();
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'messages' && ++puts === 3) throw new DOMException('full', 'QuotaExceededError');
      return realPut.call(this, value, key);
    });
    await expect(importData(file)).rejects.toMatchObject({ kind: 'quota' });
    vi.restoreAllMocks();
    const db = await openDb();
    expect([await db.count('conversations'), await db.count('messages'), await db.count('search-index')]).toEqual([0, 0, 0]);
  });
});

describe('parseImport rejects malformed files with a clear message and imports nothing', () => {
  const message = (over: Partial<Message> & Record<string, unknown> = {}) => ({
    id: 'm1', conversationId: 'c1', seq: 0, role: 'user', text: 'hi', status: 'done', createdAt: 1, updatedAt: 1, ...over,
  });
  const conversation = (over: Record<string, unknown> = {}) => ({
    id: 'c1', title: 't', createdAt: 1, updatedAt: 1, pinned: false, sessionName: 'flarechat-a', messageCount: 1, messages: [message()], ...over,
  });
  const file = (over: Record<string, unknown> = {}) => JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: 1, conversations: [conversation()], ...over });

  it('accepts the well-formed baseline', () => {
    expect(parseImport(file())).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['a JSON list', '[]', /not a FlareChat export/],
    ['wrong format', file({ format: 'chatgpt' }), /format is "chatgpt"/],
    ['future version', file({ version: 2 }), /version 2; .*reads version 1/],
    ['missing version', file({ version: undefined }), /has no export version/],
    ['bad exportedAt', file({ exportedAt: 'yesterday' }), /file\.exportedAt must be a whole number/],
    ['conversations not a list', file({ conversations: {} }), /file\.conversations must be a list/],
    ['conversation not an object', file({ conversations: [42] }), /conversations\[0\] must be an object/],
    ['missing id', file({ conversations: [conversation({ id: undefined })] }), /conversations\[0\]\.id must be non-empty text .*it is missing/],
    ['title is a number', file({ conversations: [conversation({ title: 5 })] }), /conversations\[0\]\.title must be text/],
    ['pinned is a string', file({ conversations: [conversation({ pinned: 'yes' })] }), /conversations\[0\]\.pinned must be true or false/],
    ['negative createdAt', file({ conversations: [conversation({ createdAt: -5 })] }), /createdAt must be a whole number/],
    ['temperature out of range', file({ conversations: [conversation({ temperature: 7 })] }), /temperature must be a number from 0 to 2/],
    ['maxTokens out of range', file({ conversations: [conversation({ maxTokens: 100000 })] }), /maxTokens must be a whole number from 1 to 8192/],
    ['duplicate conversation id', file({ conversations: [conversation(), conversation({ messages: [] })] }), /conversations\[1\]\.id "c1" appears more than once/],
    ['messages not a list', file({ conversations: [conversation({ messages: null })] }), /messages must be a list \(got null\)/],
    ['message with mismatched conversationId', file({ conversations: [conversation({ messages: [message({ conversationId: 'c2' })] })] }), /messages\[0\]\.conversationId is "c2" but the message is inside conversation "c1"/],
    ['unknown role', file({ conversations: [conversation({ messages: [message({ role: 'system' as never })] })] }), /role must be one of user, assistant/],
    ['unknown status', file({ conversations: [conversation({ messages: [message({ role: 'assistant', status: 'thinking' as never })] })] }), /status must be one of/],
    ['user message not done', file({ conversations: [conversation({ messages: [message({ status: 'error' })] })] }), /must be "done" for a user message/],
    ['fractional seq', file({ conversations: [conversation({ messages: [message({ seq: 1.5 })] })] }), /seq must be a whole number/],
    ['duplicate seq', file({ conversations: [conversation({ messages: [message(), message({ id: 'm2' })] })] }), /messages\[1\]\.seq 0 is used twice/],
    ['duplicate message id across conversations', file({ conversations: [conversation(), conversation({ id: 'c2', messages: [message({ conversationId: 'c2' })] })] }), /conversations\[1\]\.messages\[0\]\.id "m1" appears more than once/],
    ['bad error code', file({ conversations: [conversation({ messages: [message({ role: 'assistant', status: 'error', error: { code: 'boom', message: 'x' } as never })] })] }), /error\.code must be one of challenge/],
    ['bad retry attempt', file({ conversations: [conversation({ messages: [message({ role: 'assistant', status: 'error', error: { code: 'rate-limited', message: 'x', attempt: -1 } })] })] }), /error\.attempt must be a whole number/],
    ['usage not an object', file({ conversations: [conversation({ messages: [message({ usage: 5 as never })] })] }), /usage must be an object/],
    ['text missing', file({ conversations: [conversation({ messages: [message({ text: undefined })] })] }), /messages\[0\]\.text must be text/],
  ])('%s', async (_label, text, expected) => {
    const result = parseImport(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(expected);
    // nothing reached the database
    const db = await openDb();
    expect(await db.count('conversations')).toBe(0);
  });

  it('rejects a file over 50 MB before parsing it', () => {
    const big = `{"pad":"${'x'.repeat(MAX_IMPORT_BYTES)}"}`;
    const result = parseImport(big);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/too large \(50\.0 MB\); the limit is 50 MB/) });
  });
});

describe('import never trusts what only this browser should know (issue #11)', () => {
  const conversationWith = (messages: object[], over: Record<string, unknown> = {}) => ({
    id: 'c1', title: 't', createdAt: 1, updatedAt: 1, pinned: false, messageCount: messages.length, messages, ...over,
  });
  const fileWith = (...conversations: object[]) => JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: 1, conversations });
  const user = { id: 'm1', conversationId: 'c1', seq: 0, role: 'user', text: 'hi', status: 'done', createdAt: 1, updatedAt: 1 };

  it('never exports a playground instance name', async () => {
    await seed();
    const [c] = await listConversations({ limit: 1 });
    expect(c.sessionName).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const one = exportConversationJson(c, await listMessages(c.id));
    const all = JSON.stringify(await exportAll({ includeDeleted: true }));
    expect(one).not.toContain('sessionName');
    expect(one).not.toContain(c.sessionName);
    expect(all).not.toContain('sessionName');
  });

  it('reads an old file that carries an instance name, ignores it and gives each conversation a fresh one', async () => {
    const text = fileWith(
      conversationWith([user], { sessionName: 'flarechat-attacker' }),
      conversationWith([{ ...user, id: 'm2', conversationId: 'c2' }], { id: 'c2', sessionName: 'flarechat-attacker' }),
    );
    const parsed = parseImport(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(JSON.stringify(parsed.data)).not.toContain('attacker');
    // Even an object handed straight to importData cannot choose the name.
    const smuggled = { ...parsed.data, conversations: parsed.data.conversations.map((c) => ({ ...c, sessionName: 'flarechat-attacker' })) };
    await importData(smuggled);
    const [a, b] = [await getConversation('c1'), await getConversation('c2')];
    expect(a?.sessionName).toMatch(/^[A-Za-z0-9_-]{22}$/); // 132 random bits, no modulo bias, no prefix (issue #17)
    expect(b?.sessionName).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a?.sessionName).not.toBe(b?.sessionName);
  });

  it.each(['queued', 'streaming'])('stores an imported %s answer as interrupted, so start-up recovery never sends it', async (status) => {
    const answer = { id: 'm2', conversationId: 'c1', seq: 1, role: 'assistant', text: 'half an answ', status, createdAt: 1, updatedAt: 1 };
    const parsed = parseImport(fileWith(conversationWith([user, answer])));
    if (!parsed.ok) throw new Error(parsed.error);
    await importData(parsed.data);
    const stored = await listMessages('c1');
    expect(stored[1]).toMatchObject({ status: 'interrupted', text: 'half an answ', error: { code: 'network' } });
    expect((await recoverInterrupted()).queued).toEqual([]);
  });

  it('refuses a file over 50 MB without reading it', async () => {
    const text = vi.fn(() => Promise.resolve('{}'));
    await expect(readImportFile({ size: MAX_IMPORT_BYTES + 1, text })).rejects.toThrow(/too large \(50\.0 MB\); the limit is 50 MB/);
    expect(text).not.toHaveBeenCalled();
    await expect(readImportFile({ size: 2, text })).resolves.toBe('{}');
  });
});
