// The port router (issue #10/#11): one table of port names; unknown names and foreign senders are
// disconnected; every message is validated before a handler sees it.
import { describe, expect, it, vi } from 'vitest';
import { DataPortHost } from '@/lib/background/data-port';
import { portRoutes, routePort, type RouterContext } from '@/lib/background/router';
import { asPort, EXT_ID, EXT_ORIGIN, fakeRuntimePort, PANEL_SENDER } from './port-fakes';

function setup() {
  const engine = { handle: vi.fn(() => Promise.resolve()), hub: { drop: vi.fn() } };
  const data = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => Promise.resolve() });
  const connect = vi.spyOn(data, 'connect');
  const context = { engine, data, ready: Promise.resolve(), extensionId: EXT_ID, extensionOrigin: EXT_ORIGIN } as unknown as RouterContext;
  return { engine, connect, routes: portRoutes(context) };
}

const FOREIGN = [
  ['another extension', { id: 'x'.repeat(32), url: `chrome-extension://${'x'.repeat(32)}/sidepanel.html`, frameId: 0 }],
  ['a web page', { id: EXT_ID, url: 'https://evil.example/sidepanel.html', frameId: 0 }],
  ['our relay page', { id: EXT_ID, url: `${EXT_ORIGIN}/socket-relay.html`, frameId: 0 }],
  ['a sub-frame', { ...PANEL_SENDER, frameId: 2 }],
  ['no sender', undefined],
] as const;

describe('port router', () => {
  it.each(['', 'chatty', 'Chat', 'data2', 'relay', 'keepalive'])('disconnects the unknown port name %j', (name) => {
    const { engine, connect, routes } = setup();
    const port = fakeRuntimePort(name);
    routePort(asPort(port), routes);
    expect(port.disconnect).toHaveBeenCalledOnce();
    expect(engine.handle).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
  });

  it.each(FOREIGN.flatMap(([who, sender]) => [['chat', who, sender] as const, ['data', who, sender] as const]))('disconnects a %s port from %s', (name, _who, sender) => {
    const { engine, connect, routes } = setup();
    const port = fakeRuntimePort(name);
    port.sender = sender as never;
    routePort(asPort(port), routes);
    expect(port.disconnect).toHaveBeenCalledOnce();
    port.onMessage.trigger({ type: 'models-list' });
    expect(engine.handle).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
  });

  it('routes the chat port to the engine, validated', async () => {
    const { engine, connect, routes } = setup();
    const port = fakeRuntimePort('chat');
    routePort(asPort(port), routes);
    expect(port.disconnect).not.toHaveBeenCalled();
    port.onMessage.trigger({ type: 'models-list', refresh: true });
    await vi.waitFor(() => expect(engine.handle).toHaveBeenCalledWith(expect.anything(), { type: 'models-list', refresh: true }));
    expect(connect).not.toHaveBeenCalled();
    port.onDisconnect.trigger();
    expect(engine.hub.drop).toHaveBeenCalledOnce();
  });

  it('answers a bad chat message with request-rejected and never hands it on', async () => {
    const { engine, routes } = setup();
    const port = fakeRuntimePort('chat');
    routePort(asPort(port), routes);
    for (const bad of [null, 'x', { type: 'nope' }, { type: 'chat-stop' }, { type: 'chat-start', requestId: 'r1', text: '' }]) port.onMessage.trigger(bad);
    await Promise.resolve();
    expect(port.posted.map((m) => [m.type, m.code])).toEqual(Array(5).fill(['request-rejected', 'bad-request']));
    expect(engine.handle).not.toHaveBeenCalled();
  });

  it('routes the data port to the data host, which validates strictly (unknown keys rejected)', async () => {
    const { engine, connect, routes } = setup();
    const port = fakeRuntimePort('data');
    routePort(asPort(port), routes);
    expect(connect).toHaveBeenCalledOnce();
    expect(port.disconnect).not.toHaveBeenCalled();
    port.onMessage.trigger({ type: 'settings-get', requestId: 'r1', extra: true });
    port.onMessage.trigger({ type: 'history-list', requestId: 'r2', limit: -1 });
    port.onMessage.trigger({ type: 'settings-get' });
    port.onMessage.trigger({ type: 'settings-get', requestId: 'r3' });
    const result = await port.next('data-result');
    expect(result).toMatchObject({ requestId: 'r3', request: 'settings-get', result: { version: 2 } });
    expect(port.posted.filter((m) => m.type === 'request-rejected').map((m) => [m.code, m.requestId])).toEqual([
      ['bad-request', 'r1'],
      ['bad-request', 'r2'],
      ['bad-request', undefined],
    ]);
    expect(engine.handle).not.toHaveBeenCalled();
  });

  it('hands relay ports (by token prefix) to the relay, which refuses a token nobody asked for', () => {
    const { engine, connect, routes } = setup();
    const port = fakeRuntimePort('socket-relay:unknown-token', { id: EXT_ID, url: `${EXT_ORIGIN}/socket-relay.html` });
    routePort(asPort(port), routes);
    expect(port.disconnect).toHaveBeenCalledOnce();
    expect(engine.handle).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
    const foreign = fakeRuntimePort('socket-relay:x', { id: 'y'.repeat(32), url: 'chrome-extension://yyy/socket-relay.html' });
    routePort(asPort(foreign), routes);
    expect(foreign.disconnect).toHaveBeenCalledOnce();
  });

  it('drives routing from the table: each name reaches its own handler only', () => {
    const a = vi.fn();
    const b = vi.fn();
    const routes = [
      { name: 'a', allowed: () => true, accept: a },
      { name: 'b:', prefix: true, allowed: () => true, accept: b },
    ];
    routePort(asPort(fakeRuntimePort('a')), routes);
    routePort(asPort(fakeRuntimePort('b:123')), routes);
    routePort(asPort(fakeRuntimePort('a:1')), routes);
    expect(a).toHaveBeenCalledOnce();
    expect(b).toHaveBeenCalledOnce();
  });
});
