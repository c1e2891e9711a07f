// The offscreen relay document, faked for the relay tests: chrome.offscreen with a document that
// exists or not, and a runtime.sendMessage that answers a connect request the way the document
// does, by opening the relay port it names (kept in `ports`). Fake timers for the idle delays.
import { afterEach, beforeEach, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { acceptRelayPort, RELAY_PAGE, type RelayConnectRequest } from '@/lib/playground/socket-relay';

export function fakeRelayPort(name: string) {
  const disconnected: (() => void)[] = [];
  return {
    name,
    sender: { id: browser.runtime.id, url: `chrome-extension://${browser.runtime.id}${RELAY_PAGE}` },
    postMessage: vi.fn(),
    disconnect: vi.fn(),
    onMessage: { addListener: vi.fn() },
    onDisconnect: { addListener: (l: () => void) => disconnected.push(l) },
    /** The document went away (closed, or its end disconnected). */
    drop: () => disconnected.forEach((l) => l()),
  };
}

export type FakeRelayPort = ReturnType<typeof fakeRelayPort>;

/** Installs the fakes around each test of the calling file; `relay.hasDocument` starts false. */
export function useFakeRelayDocument() {
  const relay = {
    hasDocument: false,
    ports: [] as FakeRelayPort[],
    offscreen: {
      Reason: { WORKERS: 'WORKERS' },
      hasDocument: vi.fn(() => Promise.resolve(relay.hasDocument)),
      createDocument: vi.fn(() => {
        relay.hasDocument = true;
        return Promise.resolve();
      }),
      closeDocument: vi.fn(() => {
        relay.hasDocument = false;
        return Promise.resolve();
      }),
    },
  };
  beforeEach(() => {
    vi.useFakeTimers();
    relay.hasDocument = false;
    relay.ports = [];
    for (const fn of [relay.offscreen.hasDocument, relay.offscreen.createDocument, relay.offscreen.closeDocument]) fn.mockClear();
    vi.stubGlobal('chrome', { offscreen: relay.offscreen });
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((message: unknown) => {
      // Chrome, when no context listens (only the relay document does): the request fails.
      if (!relay.hasDocument) return Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) as never;
      const port = fakeRelayPort(`socket-relay:${(message as RelayConnectRequest).token}`);
      relay.ports.push(port);
      acceptRelayPort(port as unknown as Browser.runtime.Port);
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
  return relay;
}
