// An open panel's history stays current when something other than a data request writes it (issue
// #12): the popup's answer, a right-click, an answer streaming in another window.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { DataPortHost, HISTORY_EVENT_EVERY_MS } from '@/lib/background/data-port';
import { closeDb } from '@/lib/background/storage/db';
import { createConversation } from '@/lib/background/storage/conversations';
import { stopAllAnswers } from '@/lib/background/stop-answers';
import { recorder, scriptedStream } from './engine/fake-stream';
import { fakeRuntimePort } from './port-fakes';

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;
let host: DataPortHost;
let stop: () => void;
const storageEvents = { addListener: () => undefined, removeListener: () => undefined };
const count = (port: ReturnType<typeof fakeRuntimePort>) => port.posted.filter((m) => m.type === 'history-changed').length;

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  script = scriptedStream();
  engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.resolve({ models: [], source: 'bundled', fetchedAt: 0 }) });
  host = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => stopAllAnswers(engine) });
  stop = host.watchStorage(storageEvents);
});
afterEach(() => stop());

describe('history-changed for writes outside the data port', () => {
  it('a chat started elsewhere (the popup) tells the open panel, throttled while the answer streams', async () => {
    const panel = fakeRuntimePort('data');
    host.connect(panel);
    const popup = recorder();
    await engine.handle(popup, { type: 'chat-start', requestId: 'req1', text: 'From the popup' });
    const call = await script.nextCall();
    await popup.waitFor('chat-started');
    await panel.next('history-changed');
    for (let i = 0; i < 20; i++) call.emit({ type: 'text-delta', text: `word ${i} ` });
    call.end({ type: 'finish', reason: 'stop' });
    await popup.waitFor('chat-end');
    await engine.settle();
    // The end of the answer is announced too (after the throttle window), not lost.
    await new Promise((r) => setTimeout(r, HISTORY_EVENT_EVERY_MS + 100));
    const events = count(panel);
    expect(events).toBeGreaterThanOrEqual(2);
    expect(events).toBeLessThanOrEqual(3);
  });

  it('a write the asking page made through the data port is not echoed back to it', async () => {
    const { id } = await createConversation({ title: 'Old' });
    await new Promise((r) => setTimeout(r, HISTORY_EVENT_EVERY_MS + 50));
    const [panel, other] = [fakeRuntimePort('data'), fakeRuntimePort('data')];
    host.connect(panel);
    host.connect(other);
    panel.onMessage.trigger({ type: 'conversation-rename', requestId: 'r1', conversationId: id, title: 'New' });
    await panel.next('data-result');
    await other.next('history-changed');
    await new Promise((r) => setTimeout(r, 50));
    expect(count(panel)).toBe(0);
    expect(count(other)).toBe(1);
  });
});
