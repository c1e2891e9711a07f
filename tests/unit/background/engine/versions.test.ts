// Regenerate and Edit keep versions (issue #12): nothing is deleted, the model gets exactly the
// branch being answered, and the switcher's version-select shows another branch.
import { beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { getConversation } from '@/lib/background/storage/conversations';
import { listMessages } from '@/lib/background/storage/messages';
import { visiblePath } from '@/lib/protocol/branches';
import { emptyDatabase, scriptedEngine } from './engine-setup';
import { recorder, scriptedStream } from './fake-stream';

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;

beforeEach(async () => {
  await emptyDatabase();
  ({ script, engine } = scriptedEngine());
});

const sent = (call: { req: { messages: { role: string; text: string }[] } }) => call.req.messages.map((m) => `${m.role}:${m.text}`);

/** q1 a1 q2 a2 q3 a3 q4 a4: four finished turns. */
async function fourTurns(ui = recorder()) {
  let conversationId: string | undefined;
  for (let i = 1; i <= 4; i++) {
    await engine.handle(ui, { type: 'chat-start', requestId: `r${i}`, text: `q${i}`, ...(conversationId && { conversationId }) });
    const call = await script.nextCall();
    call.emit({ type: 'text-delta', text: `a${i}` });
    call.end({ type: 'finish' });
    await engine.settle();
    conversationId ??= (await ui.waitFor('chat-started')).conversationId;
  }
  const messages = await listMessages(conversationId!);
  const byText = (text: string) => messages.find((m) => m.text === text)!;
  return { ui, conversationId: conversationId!, byText };
}

describe('versions in the engine', () => {
  it('Regenerate on the 2nd answer adds a sibling, deletes nothing, and sends only the branch before it', async () => {
    const { ui, conversationId, byText } = await fourTurns();
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'regen', conversationId, messageId: byText('a2').id });
    const call = await script.nextCall();
    expect(sent(call)).toEqual(['user:q1', 'assistant:a1', 'user:q2']);
    const started = ui.ofType('chat-started').at(-1)!;
    expect(started.messages.map((m) => m.text)).toEqual(['q1', 'a1', 'q2', '']);
    const answer = started.messages[3];
    expect(started.versions).toEqual({ [answer.id]: { current: 2, count: 2, ids: [byText('a2').id, answer.id] } });
    call.emit({ type: 'text-delta', text: 'a2 again' });
    call.end({ type: 'finish' });
    await engine.settle();
    const stored = await listMessages(conversationId);
    expect(stored).toHaveLength(9);
    expect(answer).toMatchObject({ seq: 3, parentId: byText('q2').id });

    // The next turn follows the visible branch: the old q3..a4 are not sent.
    await engine.handle(ui, { type: 'chat-start', requestId: 'next', conversationId, text: 'q5' });
    const next = await script.nextCall();
    expect(sent(next)).toEqual(['user:q1', 'assistant:a1', 'user:q2', 'assistant:a2 again', 'user:q5']);
    next.end({ type: 'finish' });
    await engine.settle();
  });

  it('version-select shows the old answer with its later turns, for every watcher; the next turn continues that branch', async () => {
    const { ui, conversationId, byText } = await fourTurns();
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'regen', conversationId, messageId: byText('a2').id });
    const call = await script.nextCall();
    call.emit({ type: 'text-delta', text: 'a2 again' });
    call.end({ type: 'finish' });
    await engine.settle();

    const other = recorder();
    await engine.handle(other, { type: 'conversation-subscribe', conversationId });
    expect(other.ofType('conversation-snapshot')[0].messages.map((m) => m.text)).toEqual(['q1', 'a1', 'q2', 'a2 again']);

    await engine.handle(ui, { type: 'version-select', conversationId, messageId: byText('a2').id });
    const snapshot = ui.ofType('conversation-snapshot').at(-1)!;
    expect(snapshot.messages.map((m) => m.text)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'a3', 'q4', 'a4']);
    expect(snapshot.versions?.[byText('a2').id]).toMatchObject({ current: 1, count: 2 });
    expect(other.ofType('conversation-snapshot').at(-1)!.messages).toHaveLength(8);
    expect(await getConversation(conversationId)).toMatchObject({ messageCount: 8, preview: 'a4' });

    await engine.handle(ui, { type: 'chat-start', requestId: 'next', conversationId, text: 'q5' });
    const next = await script.nextCall();
    expect(sent(next)).toEqual(['user:q1', 'assistant:a1', 'user:q2', 'assistant:a2', 'user:q3', 'assistant:a3', 'user:q4', 'assistant:a4', 'user:q5']);
    next.end({ type: 'finish' });
    await engine.settle();
  });

  it('Edit on the 1st prompt adds a sibling question with its own answer; the old branch stays reachable', async () => {
    const { ui, conversationId, byText } = await fourTurns();
    await engine.handle(ui, { type: 'chat-edit', requestId: 'edit', conversationId, messageId: byText('q1').id, text: 'q1 edited' });
    const call = await script.nextCall();
    expect(sent(call)).toEqual(['user:q1 edited']);
    call.emit({ type: 'text-delta', text: 'new a1' });
    call.end({ type: 'finish' });
    await engine.settle();
    const stored = await listMessages(conversationId);
    expect(stored).toHaveLength(10);
    const conversation = await getConversation(conversationId);
    expect(visiblePath(stored, conversation?.branch).map((m) => m.text)).toEqual(['q1 edited', 'new a1']);
    const edited = stored.find((m) => m.text === 'q1 edited')!;
    expect(edited).toMatchObject({ seq: 0, parentId: '' });
    await engine.handle(ui, { type: 'version-select', conversationId, messageId: byText('q1').id });
    expect(ui.ofType('conversation-snapshot').at(-1)!.messages).toHaveLength(8);
  });

  it('refuses to switch versions while an answer is written, and Continue only on the last visible answer', async () => {
    const { ui, conversationId, byText } = await fourTurns();
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'regen', conversationId, messageId: byText('a2').id });
    const call = await script.nextCall();
    call.emit({ type: 'text-delta', text: 'partial' });
    await engine.handle(ui, { type: 'version-select', conversationId, messageId: byText('a2').id });
    expect(ui.ofType('request-rejected').at(-1)?.error).toMatch(/still being written/);
    expect((await getConversation(conversationId))?.messageCount).toBe(4);
    await engine.handle(ui, { type: 'chat-stop', conversationId });
    await engine.settle();
    // The stopped new version is the last visible message: it can be continued …
    const stopped = ui.ofType('chat-started').at(-1)!.messageId;
    await engine.handle(ui, { type: 'version-select', conversationId, messageId: byText('a2').id });
    // … but not once the old branch (with later turns) is shown.
    await engine.handle(ui, { type: 'chat-continue', requestId: 'cont', conversationId, messageId: stopped });
    expect(ui.ofType('request-rejected').at(-1)).toMatchObject({ requestId: 'cont', error: 'Only the last answer can be continued.' });
    await engine.handle(ui, { type: 'version-select', conversationId, messageId: stopped });
    await engine.handle(ui, { type: 'chat-continue', requestId: 'cont2', conversationId, messageId: stopped });
    const more = await script.nextCall();
    expect(sent(more).slice(0, 4)).toEqual(['user:q1', 'assistant:a1', 'user:q2', 'assistant:partial']);
    more.end({ type: 'finish' });
    await engine.settle();
  });

  it('Retry on an answer that failed before any text answers again in place (no empty version)', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    const call = await script.nextCall();
    call.end({ type: 'error', code: 'network', message: 'down' });
    await engine.settle();
    const { conversationId, messageId } = await ui.waitFor('chat-started');
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'again', conversationId, messageId });
    const again = await script.nextCall();
    again.emit({ type: 'text-delta', text: 'ok' });
    again.end({ type: 'finish' });
    await engine.settle();
    expect((await listMessages(conversationId)).map((m) => [m.id === messageId, m.text])).toEqual([[false, 'q'], [true, 'ok']]);
    expect(ui.ofType('chat-started').at(-1)!.versions).toBeUndefined();
  });

  it('rejects version-select for a message of another conversation', async () => {
    const { ui, conversationId } = await fourTurns();
    await engine.handle(ui, { type: 'version-select', conversationId, messageId: 'elsewhere' });
    expect(ui.ofType('request-rejected').at(-1)).toMatchObject({ code: 'storage', error: expect.stringMatching(/not found/) as unknown });
  });
});
