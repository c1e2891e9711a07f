// Warm-up (issue #16): opening the side panel opens and configures the playground socket ahead of
// Enter, and nothing else: the emulator sees the upgrade, our state and setConfig, and no chat or
// inference request until the user asks. Then the question goes over that same socket and answers
// normally; a reopened panel warms the restored conversation's instance the same way.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chatFrames, isChatUpgrade, isInferencePost, until } from './faults-kit';
import { sel, waitForAnswer, type Emulator, type EmulatorLogEntry, type LaunchedExtension } from './harness';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 } }, (suite) => ({ emulator, ext, page } = suite));

const instanceOf = (e: EmulatorLogEntry) => e.path.split('/agents/playground/')[1]?.split('?')[0];
const frameType = (e: EmulatorLogEntry) => {
  const f = e.frame as { type?: string; method?: string } | undefined;
  return f?.type === 'rpc' ? `rpc ${f.method}` : f?.type;
};
/** What the extension sent on the sockets of `instance`. */
const sentTo = (instance: string) => emulator.log.filter((e) => e.kind === 'ws-in' && e.instance === instance).map(frameType);

/**
 * Waits for a warmed chat socket (upgrade + our setConfig; the latest, or `expected`'s), then a
 * little more for anything that should not come. (The page the suite opened may have warmed one
 * too, closed when the reload took that page away.)
 */
async function warmedInstance(expected?: string): Promise<string> {
  const instance = await until(
    () => {
      const warmed = emulator.log.filter((e) => isChatUpgrade(e, emulator.log)).map(instanceOf).filter((i) => i && (!expected || i === expected) && sentTo(i).includes('rpc setConfig'));
      return warmed.at(-1);
    },
    15_000,
    'a warm socket with its handshake',
  );
  await new Promise((r) => setTimeout(r, 1_500));
  return instance;
}

async function ask(text: string): Promise<void> {
  const composer = page.locator(sel.composer);
  await composer.fill(text);
  await composer.press('Enter');
}

describe('warm-up when the panel opens', () => {
  it('opens and configures the socket but sends no request until Enter, then answers over it', async () => {
    emulator.clearLog();
    await page.reload();
    await page.locator(sel.composer).waitFor({ state: 'visible' });
    await warmedInstance();
    // Every socket warmed so far carries the handshake only. (Under load the page the suite opened
    // may finish warming its own after the reloaded page did, so "the latest" is not reliably ours.)
    const warmed = emulator.log.filter((e) => isChatUpgrade(e, emulator.log)).map(instanceOf).filter((i): i is string => !!i && sentTo(i).includes('rpc setConfig'));
    for (const instance of warmed) expect(sentTo(instance)).toEqual(['cf_agent_state', 'rpc setConfig']);
    expect(chatFrames(emulator)).toHaveLength(0);
    expect(emulator.log.filter(isInferencePost)).toHaveLength(0);

    await ask('Hello over a warm socket');
    const { text } = await waitForAnswer(page);
    expect(text).toContain('Hello over a warm socket');
    // The new conversation took a warmed instance, and the chat went over that warm socket.
    const chats = chatFrames(emulator).map((e) => e.instance);
    expect(chats).toHaveLength(1);
    const instance = chats[0]!;
    expect(warmed).toContain(instance);
    expect(emulator.log.filter((e) => isChatUpgrade(e, emulator.log) && instanceOf(e) === instance)).toHaveLength(1);
    expect(sentTo(instance)).toEqual(['cf_agent_state', 'rpc setConfig', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
  });

  it('warms the restored conversation when the panel reopens, and a follow-up answers with the whole history', async () => {
    const first = chatFrames(emulator)[0]?.instance;
    expect(first).toBeTruthy();
    emulator.clearLog();
    await page.reload();
    await page.locator(sel.assistant).first().waitFor({ state: 'visible' });
    // The answer's socket was kept open (configured) for a follow-up, and the reopened panel takes
    // it over instead of opening another: no new socket for that instance, nothing sent on it yet.
    await new Promise((r) => setTimeout(r, 1_500));
    const instance = first!;
    // Every socket the reopened panel warmed (the new-chat one it opened before the restore picked
    // the conversation, closed then) carried nothing but the handshake.
    const handshake = ['cf_agent_state', 'rpc setConfig'];
    for (const e of emulator.log.filter((e) => isChatUpgrade(e, emulator.log))) expect(sentTo(instanceOf(e) ?? '').filter((t) => !t || !handshake.includes(t))).toEqual([]);
    expect(sentTo(instance)).toEqual([]);
    expect(chatFrames(emulator)).toHaveLength(0);

    await ask('And a follow-up');
    const { text } = await waitForAnswer(page, { after: 1 });
    expect(text).toContain('And a follow-up');
    const chats = chatFrames(emulator);
    expect(chats.map((e) => e.instance)).toEqual([instance]);
    const body = JSON.parse((chats[0].frame as { init: { body: string } }).init.body) as { messages: unknown[] };
    expect(body.messages).toHaveLength(3);
    expect(emulator.log.filter((e) => isChatUpgrade(e, emulator.log) && instanceOf(e) === instance)).toHaveLength(0);
    expect(sentTo(instance)).toEqual(['cf_agent_chat_clear', 'cf_agent_use_chat_request']);
    void ext;
  });

  it('keeps the answer\'s socket: a second follow-up goes over it at once, with no new socket or handshake', async () => {
    const instance = chatFrames(emulator)[0]?.instance;
    expect(instance).toBeTruthy();
    emulator.clearLog();
    await ask('A quick second follow-up');
    const { text } = await waitForAnswer(page, { after: 2 });
    expect(text).toContain('A quick second follow-up');
    expect(chatFrames(emulator).map((e) => e.instance)).toEqual([instance]);
    expect(emulator.log.filter((e) => isChatUpgrade(e, emulator.log))).toHaveLength(0);
    expect(sentTo(instance!)).toEqual(['cf_agent_chat_clear', 'cf_agent_use_chat_request']);
  });

  it('after the worker restarts, typing the next question warms the socket again before Enter (a re-subscribe alone does not)', async () => {
    const instance = chatFrames(emulator)[0]?.instance;
    expect(instance).toBeTruthy();
    await ext.stopServiceWorker(); // Chrome stops an idle worker after 30 s; the panel reconnects
    await ext.waitForWorker();
    await page.locator('[data-testid=connection-status]').waitFor({ state: 'detached', timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    emulator.clearLog();
    await new Promise((r) => setTimeout(r, 1_000));
    // The reconnected panel re-subscribed, and this page had warmed this conversation already: no socket.
    expect(emulator.log.filter((e) => isChatUpgrade(e, emulator.log))).toHaveLength(0);
    const composer = page.locator(sel.composer);
    await composer.click();
    await page.keyboard.type('A third one, after a pause', { delay: 15 });
    await warmedInstance(instance);
    expect(chatFrames(emulator)).toHaveLength(0); // typing never sends a model request
    await page.keyboard.press('Enter');
    const { text } = await waitForAnswer(page, { after: 3 });
    expect(text).toContain('A third one, after a pause');
    expect(chatFrames(emulator).map((e) => e.instance)).toEqual([instance]);
    expect(emulator.log.filter((e) => isChatUpgrade(e, emulator.log) && instanceOf(e) === instance)).toHaveLength(1);
    expect(sentTo(instance!)).toEqual(['cf_agent_state', 'rpc setConfig', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
  });
});
