// Fake runtime ports for the background's router and data-port tests.
import { vi } from 'vitest';
import type { Browser } from 'wxt/browser';

type Listener = (...args: unknown[]) => void;

function fakeEvent() {
  const listeners = new Set<Listener>();
  return {
    addListener: (l: Listener) => void listeners.add(l),
    removeListener: (l: Listener) => void listeners.delete(l),
    trigger: (...args: unknown[]) => [...listeners].forEach((l) => l(...args)),
  };
}

export const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXT_ORIGIN = `chrome-extension://${EXT_ID}`;
export const PANEL_SENDER = { id: EXT_ID, url: `${EXT_ORIGIN}/sidepanel.html`, frameId: 0, origin: EXT_ORIGIN };

export function fakeRuntimePort(name: string, sender: Browser.runtime.MessageSender | undefined = PANEL_SENDER) {
  const posted: { type: string; [key: string]: unknown }[] = [];
  const port = {
    name,
    sender,
    posted,
    postMessage: vi.fn((message: { type: string }) => void posted.push(structuredClone(message))),
    disconnect: vi.fn(),
    onMessage: fakeEvent(),
    onDisconnect: fakeEvent(),
    /** Waits until a message of this type arrives. */
    async next(type: string, count = 1) {
      for (let i = 0; i < 500; i++) {
        const found = posted.filter((m) => m.type === type);
        if (found.length >= count) return found[count - 1];
        await new Promise((r) => setTimeout(r, 2));
      }
      throw new Error(`no ${type} on port ${name}`);
    },
  };
  return port;
}
export type FakeRuntimePort = ReturnType<typeof fakeRuntimePort>;

export const asPort = (port: FakeRuntimePort) => port as unknown as Browser.runtime.Port;
