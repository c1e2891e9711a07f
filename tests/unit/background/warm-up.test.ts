// Warm-up on surface open (issue #16): the router hands a side panel's or popup's chat messages to
// the warm-up, which warms the conversation's instance (or a new one), once per page document.
import { describe, expect, it, vi } from 'vitest';
import { DataPortHost } from '@/lib/background/data-port';
import { portRoutes, routePort, type RouterContext } from '@/lib/background/router';
import { createConversation } from '@/lib/background/storage/conversations';
import type { WarmSockets } from '@/lib/playground/socket-warm';
import { asPort, EXT_ID, EXT_ORIGIN, fakeRuntimePort, PANEL_SENDER } from './port-fakes';

function setup(busy: boolean | (() => boolean) = false, startUp: Partial<Pick<RouterContext, 'ready' | 'socketsReady'>> = {}) {
  const engine = { handle: vi.fn(() => Promise.resolve()), hub: { drop: vi.fn() } };
  const data = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => Promise.resolve() });
  const pool = { warm: vi.fn(), warmNew: vi.fn(), release: vi.fn() };
  const prepare = vi.fn();
  const warm = { pool: pool as unknown as WarmSockets, busy: typeof busy === 'function' ? busy : () => busy, prepare };
  const context = { engine, data, warm, ready: Promise.resolve(), ...startUp, extensionId: EXT_ID, extensionOrigin: EXT_ORIGIN } as unknown as RouterContext;
  return { pool, prepare, engine, routes: portRoutes(context) };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

/**
 * A page that warmed `conversationId` once, then the worker restarted (new pool, new router;
 * storage.session kept what the page warmed) and the page reconnected and re-subscribed.
 */
async function warmedThenRestarted(documentId: string, conversationId: string) {
  const sender = { ...PANEL_SENDER, documentId } as never;
  const first = setup();
  const port = fakeRuntimePort('chat', sender);
  routePort(asPort(port), first.routes);
  port.onMessage.trigger({ type: 'conversation-subscribe', conversationId });
  await vi.waitFor(() => expect(first.pool.warm).toHaveBeenCalledOnce());
  const restarted = setup();
  const again = fakeRuntimePort('chat', sender);
  routePort(asPort(again), restarted.routes);
  again.onMessage.trigger({ type: 'conversation-subscribe', conversationId });
  await settle();
  return { sender, restarted, again };
}

describe('warm-up when a surface opens', () => {
  it('warms a new instance on the panel’s first models-list and the conversation’s own on subscribe; releases on disconnect', async () => {
    const { pool, routes } = setup();
    const conversation = await createConversation({ model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', systemPrompt: 'Short.', temperature: 0.2 });
    const port = fakeRuntimePort('chat', { ...PANEL_SENDER, documentId: 'doc-1' });
    routePort(asPort(port), routes);
    port.onMessage.trigger({ type: 'models-list' });
    await vi.waitFor(() => expect(pool.warmNew).toHaveBeenCalledOnce());
    port.onMessage.trigger({ type: 'conversation-subscribe', conversationId: conversation.id });
    await vi.waitFor(() => expect(pool.warm).toHaveBeenCalledOnce());
    const [owner, sessionName, config] = pool.warm.mock.calls[0] as [string, string, Record<string, unknown>];
    expect(owner).toBe('doc-1');
    expect(sessionName).toBe(conversation.sessionName);
    expect(config).toEqual({ model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', system: 'Short.', temperature: 0.2 });
    port.onDisconnect.trigger();
    expect(pool.release).toHaveBeenCalledWith('doc-1');
  });

  it('does not warm again for the same page after a worker restart (the panel re-subscribes), but does for another conversation', async () => {
    const a = await createConversation({});
    const b = await createConversation({});
    const { restarted: second, again } = await warmedThenRestarted('doc-2', a.id);
    expect(second.pool.warm).not.toHaveBeenCalled();
    // The socket host is still made ready (no request: socket-relay.ts prepareRelayPort).
    expect(second.prepare).toHaveBeenCalledOnce();
    again.onMessage.trigger({ type: 'conversation-subscribe', conversationId: b.id });
    await vi.waitFor(() => expect(second.pool.warm).toHaveBeenCalledWith('doc-2', b.sessionName, expect.anything()));
  });

  it('after a worker restart, warms once the header rules are in, without waiting for recovery', async () => {
    const conversation = await createConversation({});
    const restarted = setup(false, { ready: new Promise(() => {}), socketsReady: Promise.resolve() });
    const port = fakeRuntimePort('chat', { ...PANEL_SENDER, documentId: 'doc-3' });
    routePort(asPort(port), restarted.routes);
    port.onMessage.trigger({ type: 'conversation-subscribe', conversationId: conversation.id });
    await vi.waitFor(() => expect(restarted.pool.warm).toHaveBeenCalledWith('doc-3', conversation.sessionName, expect.anything()));
    expect(restarted.engine.handle).not.toHaveBeenCalled(); // the chat itself still waits for recovery
  });

  it('typing in the composer warms again after a worker restart (where a re-subscribe does not), and a new chat gets a new instance', async () => {
    const a = await createConversation({});
    const { sender, restarted, again } = await warmedThenRestarted('doc-typing', a.id);
    expect(restarted.pool.warm).not.toHaveBeenCalled();
    again.onMessage.trigger({ type: 'composer-typing', conversationId: a.id });
    await vi.waitFor(() => expect(restarted.pool.warm).toHaveBeenCalledWith('doc-typing', a.sessionName, expect.anything()));
    again.onMessage.trigger({ type: 'composer-typing' });
    await vi.waitFor(() => expect(restarted.pool.warmNew).toHaveBeenCalledWith('doc-typing', expect.anything()));
    // Never while that conversation's own answer runs (its socket is the one in use).
    const busy = setup(true);
    const busyPort = fakeRuntimePort('chat', sender);
    routePort(asPort(busyPort), busy.routes);
    busyPort.onMessage.trigger({ type: 'composer-typing', conversationId: a.id });
    await settle();
    expect(busy.pool.warm).not.toHaveBeenCalled();
  });

  it('a turn in a conversation whose socket is not warm warms it at once (the handshake overlaps storing the turn); not a new chat’s, not a busy one', async () => {
    const a = await createConversation({});
    // After a restart the re-subscribe warms nothing; the turn does.
    const { sender, restarted, again } = await warmedThenRestarted('doc-turn', a.id);
    expect(restarted.pool.warm).not.toHaveBeenCalled();
    again.onMessage.trigger({ type: 'chat-start', requestId: 'r1', conversationId: a.id, text: 'Next?' });
    await vi.waitFor(() => expect(restarted.pool.warm).toHaveBeenCalledWith('doc-turn', a.sessionName, expect.anything()));
    expect(restarted.pool.warm).toHaveBeenCalledOnce();
    again.onMessage.trigger({ type: 'chat-start', requestId: 'r2', text: 'A new chat' });
    await settle();
    expect(restarted.pool.warmNew).not.toHaveBeenCalled();
    const busy = setup(true);
    const busyPort = fakeRuntimePort('chat', sender);
    routePort(asPort(busyPort), busy.routes);
    busyPort.onMessage.trigger({ type: 'chat-regenerate', requestId: 'r3', conversationId: a.id, messageId: 'm1' });
    await settle();
    expect(busy.pool.warm).not.toHaveBeenCalled();
  });

  it('a warm-up whose conversation got an answer while it read storage opens nothing (that answer has its socket)', async () => {
    const a = await createConversation({});
    let checks = 0;
    const { pool, routes } = setup(() => checks++ > 0); // idle when asked first, busy once the reads are done
    const port = fakeRuntimePort('chat', { ...PANEL_SENDER, documentId: 'doc-race' });
    routePort(asPort(port), routes);
    port.onMessage.trigger({ type: 'composer-typing', conversationId: a.id });
    await vi.waitFor(() => expect(checks).toBe(2));
    await settle();
    expect(pool.warm).not.toHaveBeenCalled();
  });

  it('warms nothing for the options page, a refresh, a conversation with a running answer, or when HTTP is the remembered transport', async () => {
    const conversation = await createConversation({});
    const options = setup();
    const optionsPort = fakeRuntimePort('chat', { id: EXT_ID, url: `${EXT_ORIGIN}/options.html`, frameId: 0, origin: EXT_ORIGIN });
    routePort(asPort(optionsPort), options.routes);
    optionsPort.onMessage.trigger({ type: 'models-list' });
    const busy = setup(true);
    const panel = fakeRuntimePort('chat');
    routePort(asPort(panel), busy.routes);
    panel.onMessage.trigger({ type: 'models-list', refresh: true });
    panel.onMessage.trigger({ type: 'conversation-subscribe', conversationId: conversation.id });
    await settle();
    for (const { pool } of [options, busy]) {
      expect(pool.warm).not.toHaveBeenCalled();
      expect(pool.warmNew).not.toHaveBeenCalled();
    }
    expect(options.prepare).not.toHaveBeenCalled(); // the options page never chats
    const { browser } = await import('wxt/browser');
    await browser.storage.local.set({ 'playground:transport': 'http' });
    const http = setup();
    const port = fakeRuntimePort('chat');
    routePort(asPort(port), http.routes);
    port.onMessage.trigger({ type: 'models-list' });
    await settle();
    expect(http.pool.warmNew).not.toHaveBeenCalled();
  });

  it('warm-ups in the 2 s after a worker start use the reads begun at start; one 2 s on reads again', async () => {
    const { browser } = await import('wxt/browser');
    const { readWarmUpInputsEarly } = await import('@/lib/background/warm-up');
    const conversation = await createConversation({});
    const get = vi.spyOn(browser.storage.local, 'get');
    readWarmUpInputsEarly(); // what start.ts does at the worker's first line
    const atStart = get.mock.calls.length;
    expect(atStart).toBeGreaterThan(0);
    const { pool, routes } = setup();
    const first = fakeRuntimePort('chat', { ...PANEL_SENDER, documentId: 'doc-early-1' });
    routePort(asPort(first), routes);
    first.onMessage.trigger({ type: 'conversation-subscribe', conversationId: conversation.id });
    await vi.waitFor(() => expect(pool.warm).toHaveBeenCalledOnce());
    expect(get.mock.calls.length).toBe(atStart); // nothing read again: the socket did not wait for it
    const second = fakeRuntimePort('chat', { ...PANEL_SENDER, documentId: 'doc-early-2' });
    routePort(asPort(second), routes);
    second.onMessage.trigger({ type: 'conversation-subscribe', conversationId: conversation.id });
    await vi.waitFor(() => expect(pool.warm).toHaveBeenCalledTimes(2));
    // A page that reconnects subscribes, then sends: the send's warm-up does not read again either.
    second.onMessage.trigger({ type: 'chat-start', conversationId: conversation.id, requestId: 'r1', text: 'hi' });
    await vi.waitFor(() => expect(pool.warm).toHaveBeenCalledTimes(3));
    expect(get.mock.calls.length).toBe(atStart);
    // Reads begun at start and not used within 2 s are not used at all (they could be stale).
    readWarmUpInputsEarly();
    await browser.storage.local.set({ 'playground:transport': 'http' });
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 2_500);
    const late = fakeRuntimePort('chat', { ...PANEL_SENDER, documentId: 'doc-early-3' });
    routePort(asPort(late), routes);
    late.onMessage.trigger({ type: 'conversation-subscribe', conversationId: conversation.id });
    await settle();
    expect(pool.warm).toHaveBeenCalledTimes(3); // the fresh read saw HTTP remembered: no socket warmed
    vi.restoreAllMocks();
  });
});
