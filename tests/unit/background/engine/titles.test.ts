// Issue #12, model-written titles (lib/background/engine/titles.ts), through the engine: the first
// finished answer asks a light model once, on the title instance, and the title reaches the open
// page; a rename, the setting, a rate limit, a failure and a restarted worker each keep that from
// happening (or keep the first-words title).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ChatEngine } from '@/lib/background/engine/engine';
import { cleanTitle, lightModelOf, TITLE_PROMPT_START } from '@/lib/background/engine/title-prompt';
import { closeDb } from '@/lib/background/storage/db';
import { getConversation, renameConversation } from '@/lib/background/storage/conversations';
import { saveSettings } from '@/lib/background/storage/settings';
import { titleSessionName } from '@/lib/background/storage/instance-names';
import { PENDING_CLEARS_KEY } from '@/lib/background/server-copies';
import { setLanguageOverride } from '@/lib/shared/i18n';
import type { ModelInfo } from '@/lib/shared/models';
import ru from '@/public/_locales/ru/messages.json';
import { recorder, scriptedStream, type ScriptedCall } from './fake-stream';

const BIG = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
const LIGHT = '@cf/meta/llama-3.1-8b-instruct-fp8';
const MODELS: ModelInfo[] = [
  { id: BIG, label: 'Llama 3.3 70B', family: 'meta' },
  { id: LIGHT, label: 'Llama 3.1 8B', family: 'meta' },
];
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

let answers: ReturnType<typeof scriptedStream>;
let titles: ReturnType<typeof scriptedStream>;

function newEngine(retryDelay?: () => number) {
  return new ChatEngine({
    stream: answers.stream,
    titleStream: titles.stream,
    listModels: () => Promise.resolve({ models: MODELS, source: 'socket', fetchedAt: 0 }),
    ...(retryDelay && { retryDelay }),
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  answers = scriptedStream();
  titles = scriptedStream();
});

function finish(call: ScriptedCall, text: string) {
  call.emit({ type: 'text-delta', text });
  call.end({ type: 'finish', reason: 'stop' });
}

/** Sends a first question and lets its answer finish; resolves with the page's recorder and the conversation id. */
async function askAndAnswer(engine: ChatEngine, question = 'How do tides work near the coast?', requestId = 'r1') {
  const ui = recorder();
  await engine.handle(ui, { type: 'chat-start', requestId, text: question, options: { model: BIG } });
  finish(await answers.nextCall(), 'The Moon pulls the water; the coast shapes the rise.');
  const end = await ui.waitFor('chat-end');
  return { ui, conversationId: end.conversationId };
}

describe('a model-written title after the first answer', () => {
  it('asks a light model on the title instance, stores the title and tells the open page', async () => {
    const engine = newEngine();
    const { ui, conversationId } = await askAndAnswer(engine);
    expect((await getConversation(conversationId))?.title).toBe('How do tides work near the coast?');
    const call = await titles.nextCall();
    const conversation = (await getConversation(conversationId))!;
    expect(call.req.sessionName).toBe(titleSessionName(conversation));
    expect(call.req.sessionName).not.toBe(conversation.sessionName);
    expect(call.req.model).toBe(LIGHT);
    expect(call.req.messages).toHaveLength(1);
    expect(call.req.messages[0].text).toContain(TITLE_PROMPT_START);
    expect(call.req.messages[0].text).toContain('in English');
    expect(call.req.messages[0].text).toContain('How do tides work near the coast?');
    finish(call, '**"Tides and the Coast."**\nThis title covers the question.');
    const updated = await ui.waitFor('conversation-updated');
    expect(updated.conversation.title).toBe('Tides and the Coast');
    expect((await getConversation(conversationId))?.title).toBe('Tides and the Coast');
    // The private instance is queued for clearing, like a document job's.
    await tick();
    expect((await fakeBrowser.storage.local.get(PENDING_CLEARS_KEY))[PENDING_CLEARS_KEY]).toContain(call.req.sessionName);
  });

  it('asks in the interface language (the one chosen in the options)', async () => {
    // The worker reads the chosen language's catalogue from the package (lib/shared/i18n-catalogue.ts).
    vi.stubGlobal('fetch', (url: string) =>
      Promise.resolve(String(url).includes('/_locales/ru/') ? new Response(JSON.stringify(ru)) : new Response('', { status: 404 })),
    );
    try {
      await saveSettings({ language: 'ru' });
      await askAndAnswer(newEngine());
      expect((await titles.nextCall()).req.messages[0].text).toContain('in Russian');
    } finally {
      vi.unstubAllGlobals();
      setLanguageOverride(null);
    }
  });

  it('asks once: later answers do not ask again', async () => {
    const engine = newEngine();
    const { ui, conversationId } = await askAndAnswer(engine);
    finish(await titles.nextCall(), 'Tides');
    await ui.waitFor('conversation-updated');
    await engine.handle(ui, { type: 'chat-start', requestId: 'r2', conversationId, text: 'And in lakes?', options: { model: BIG } });
    finish(await answers.nextCall(), 'Barely.');
    await ui.waitFor('chat-end', 2);
    await tick(50);
    expect(titles.calls).toHaveLength(1);
  });

  it('a restarted worker does not ask twice, even when the first request never came back', async () => {
    const first = newEngine();
    const { conversationId } = await askAndAnswer(first);
    await titles.nextCall(); // asked; the worker dies before the answer
    const restarted = newEngine();
    const ui = recorder();
    await restarted.handle(ui, { type: 'chat-start', requestId: 'r2', conversationId, text: 'And in lakes?', options: { model: BIG } });
    finish(await answers.nextCall(), 'Barely.');
    await ui.waitFor('chat-end');
    await tick(50);
    expect(titles.calls).toHaveLength(1);
    expect((await getConversation(conversationId))?.title).toBe('How do tides work near the coast?');
  });

  it('never for a conversation the user renamed, and a late title does not overwrite a rename', async () => {
    const engine = newEngine();
    const { ui, conversationId } = await askAndAnswer(engine);
    const call = await titles.nextCall();
    await renameConversation(conversationId, 'My tides');
    finish(call, 'Tides and the Coast');
    await tick(50);
    expect((await getConversation(conversationId))?.title).toBe('My tides');
    expect(ui.ofType('conversation-updated')).toHaveLength(0);

    // Renamed before its first answer: no request at all.
    const ui2 = recorder();
    await engine.handle(ui2, { type: 'chat-start', requestId: 'r9', text: 'Second question', options: { model: BIG } });
    const second = (await ui2.waitFor('chat-started')).conversationId;
    await renameConversation(second, 'Named by me');
    finish(await answers.nextCall(), 'Answer.');
    await ui2.waitFor('chat-end');
    await tick(50);
    expect(titles.calls).toHaveLength(1);
    expect((await getConversation(second))?.title).toBe('Named by me');
  });

  it('not when the setting is off', async () => {
    await saveSettings({ modelTitles: false });
    const { conversationId } = await askAndAnswer(newEngine());
    await tick(50);
    expect(titles.calls).toHaveLength(0);
    expect((await getConversation(conversationId))?.titleAsked).toBeUndefined();
  });

  it('not while the playground is rate-limiting us (an answer waits for its retry); a later answer may ask', async () => {
    const engine = newEngine(() => 60_000);
    const limited = recorder();
    await engine.handle(limited, { type: 'chat-start', requestId: 'r0', text: 'First', options: { model: BIG } });
    (await answers.nextCall()).end({ type: 'error', code: 'rate-limited', message: '3021: rate limited' });
    expect((await limited.waitFor('chat-error')).retryAt).toBeDefined();
    const { conversationId, ui } = await askAndAnswer(engine, 'Tides?', 'r1');
    await tick(50);
    expect(titles.calls).toHaveLength(0);
    expect((await getConversation(conversationId))?.titleAsked).toBeUndefined();
    // The limit is over (the waiting answer was stopped): the next answer asks.
    await engine.handle(limited, { type: 'chat-stop', conversationId: limited.ofType('chat-error')[0].conversationId });
    await engine.handle(ui, { type: 'chat-start', requestId: 'r2', conversationId, text: 'More?', options: { model: BIG } });
    finish(await answers.nextCall(), 'Yes.');
    expect((await titles.nextCall()).req.messages[0].text).toContain(TITLE_PROMPT_START);
  });

  it('not after an answer that came through a playground tab (direct requests meet the check)', async () => {
    const viaTab = new ChatEngine({
      stream: (req, signal, emit) => answers.stream(req, signal, emit).then((outcome) => ({ ...outcome, transport: 'tab' })),
      titleStream: titles.stream,
      listModels: () => Promise.resolve({ models: MODELS, source: 'socket', fetchedAt: 0 }),
    });
    const { conversationId } = await askAndAnswer(viaTab);
    await tick(50);
    expect(titles.calls).toHaveLength(0);
    expect((await getConversation(conversationId))?.titleAsked).toBeUndefined();
  });

  it('a failed request keeps the first-words title, silently', async () => {
    const { ui, conversationId } = await askAndAnswer(newEngine());
    (await titles.nextCall()).end({ type: 'error', code: 'capacity', message: '3040: out of capacity' });
    await tick(50);
    expect((await getConversation(conversationId))?.title).toBe('How do tides work near the coast?');
    expect(ui.ofType('conversation-updated')).toHaveLength(0);
    expect(ui.ofType('chat-error')).toHaveLength(0);
    expect(ui.ofType('request-rejected')).toHaveLength(0);
  });

  it('an empty or unusable reply keeps the first-words title', async () => {
    const { conversationId } = await askAndAnswer(newEngine());
    finish(await titles.nextCall(), '  \n "" \n');
    await tick(50);
    expect((await getConversation(conversationId))?.title).toBe('How do tides work near the coast?');
  });
});

describe('cleanTitle', () => {
  it.each([
    ['"Tides and the Coast"', 'Tides and the Coast'],
    ['**Tides and the Coast.**', 'Tides and the Coast'],
    ['Title: Tides and the Coast', 'Tides and the Coast'],
    ['# «Приливы и берег»', 'Приливы и берег'],
    ['<think>the user asks about tides</think>\nTides Explained', 'Tides Explained'],
    ['\n\n`Tides` and [the coast](https://example.com)\nSecond line', 'Tides and the coast'],
    ['Tides\u0007 and\u0000 bells', 'Tides and bells'],
    ['"Why “async” matters".', 'Why “async” matters'],
    ['*Fix my_var in <b>main</b>*', 'Fix my_var in main'],
    ['', ''],
  ])('%j → %j', (raw, clean) => {
    expect(cleanTitle(raw)).toBe(clean);
  });

  it('caps a long reply at the title length, on a word boundary', () => {
    const title = cleanTitle('word '.repeat(40));
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('lightModelOf', () => {
  it('the first light model the list offers usable, else the fallback', () => {
    expect(lightModelOf(MODELS, BIG)).toBe(LIGHT);
    expect(lightModelOf([MODELS[0], { ...MODELS[1], deprecated: true }], BIG)).toBe(BIG);
    expect(lightModelOf([MODELS[0], { ...MODELS[1], paid: true }], BIG)).toBe(BIG);
    expect(lightModelOf(MODELS, BIG, [LIGHT])).toBe(BIG);
    expect(lightModelOf([], BIG)).toBe(BIG);
  });
});
