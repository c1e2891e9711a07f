// Shared harness for side-panel tests: a fake chat port, a controllable animation-frame queue, an
// in-memory history, and the real App mounted into happy-dom.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/components/App';
import type { ModelInfo } from '@/lib/shared/models';
import type { ClientMessage, ServerMessage } from '@/lib/protocol/messages';
import type { Conversation, Message } from '@/lib/protocol/records';
import { PanelActions } from '@/lib/pages/panel-actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { frameScheduler } from '@/lib/pages/message-states';
import { emptyHistory, type HistoryApi, type UiSettings } from '@/lib/pages/history';
import type { Platform } from '@/lib/pages/platform';

type Listener = (...args: unknown[]) => void;

export function fakeEvent() {
  const listeners = new Set<Listener>();
  return {
    addListener: (l: Listener) => void listeners.add(l),
    removeListener: (l: Listener) => void listeners.delete(l),
    hasListener: (l: Listener) => listeners.has(l),
    trigger: (...args: unknown[]) => {
      for (const l of [...listeners]) l(...args);
    },
    get size() {
      return listeners.size;
    },
  };
}

export function fakePort(name = 'chat') {
  const posted: ClientMessage[] = [];
  const port = {
    name,
    posted,
    postMessage: vi.fn((message: ClientMessage) => void posted.push(structuredClone(message))),
    disconnect: vi.fn(),
    onMessage: fakeEvent(),
    onDisconnect: fakeEvent(),
  };
  return port;
}
export type FakePort = ReturnType<typeof fakePort>;

/** requestAnimationFrame that runs only when the test says so. */
export function frameQueue() {
  const queue: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => queue.push(cb));
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
  return {
    get pending() {
      return queue.length;
    },
    run() {
      const batch = queue.splice(0);
      for (const cb of batch) cb(performance.now());
      return batch.length;
    },
  };
}

export const MODELS: ModelInfo[] = [
  { id: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', label: 'Llama 3.3 70B', family: 'meta', description: 'Big Llama', contextWindow: 24000 },
  { id: '@cf/meta/llama-3.1-8b-instruct', label: 'Llama 3.1 8B', family: 'meta', contextWindow: 128000 },
  { id: '@cf/qwen/qwq-32b', label: 'QwQ 32B', family: 'qwen', description: 'Reasoning', contextWindow: 32768 },
  { id: '@cf/mistralai/mistral-small-3.1-24b-instruct', label: 'Mistral Small 3.1', family: 'mistralai' },
];

let clock = 1_700_000_000_000;
export function conversation(id = 'c1', extra: Partial<Conversation> = {}): Conversation {
  return { id, title: 'Hello', createdAt: clock, updatedAt: clock, pinned: false, sessionName: `flarechat-${id}`, messageCount: 2, ...extra };
}

export function message(id: string, role: 'user' | 'assistant', seq: number, extra: Partial<Message> = {}): Message {
  clock += 1000;
  return { id, conversationId: 'c1', seq, role, text: '', status: role === 'user' ? 'done' : 'streaming', createdAt: clock, updatedAt: clock, ...extra };
}

/** A history that holds only the settings (seeded with `initial`); `saved` lists every patch the page saved. */
export function settingsHistory(initial: UiSettings) {
  let settings = { ...initial };
  const saved: UiSettings[] = [];
  const history: HistoryApi = {
    ...emptyHistory(),
    loadSettings: () => Promise.resolve(settings),
    saveSettings: (patch) => {
      saved.push(patch);
      settings = { ...settings, ...patch };
      return Promise.resolve();
    },
  };
  return Object.assign(history, { saved });
}

export interface Mounted {
  container: HTMLElement;
  store: ChatStore;
  actions: PanelActions;
  ports: FakePort[];
  port: () => FakePort;
  frames: ReturnType<typeof frameQueue>;
  platform: Platform & { openPlayground: ReturnType<typeof vi.fn> };
  /** Deliver a server frame on the current port. */
  serve: (message: ServerMessage) => Promise<void>;
  settle: () => Promise<void>;
  $: (selector: string) => HTMLElement | null;
  $$: (selector: string) => HTMLElement[];
  sent: <T extends ClientMessage['type']>(type: T) => Extract<ClientMessage, { type: T }>[];
  unmount: () => void;
}

export async function settle(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
  });
}

/** The WXT fake browser has no runtime.connect: give it one that hands out fake ports, kept in the returned list. */
export function fakeConnect(): FakePort[] {
  const ports: FakePort[] = [];
  (fakeBrowser.runtime as unknown as { connect: unknown }).connect = vi.fn(() => {
    const port = fakePort();
    ports.push(port);
    return port;
  });
  return ports;
}

/** `settings`: the stored settings the page loads (ignored when a `history` is given). */
export async function mount(options: { history?: HistoryApi; models?: ModelInfo[] | null; settings?: UiSettings } = {}): Promise<Mounted> {
  const frames = frameQueue();
  const ports = fakeConnect();
  // A stopped clock: every flush costs 0 ms, so the render cost allowance never depends on how
  // fast the test machine renders (frames run only when the test says so).
  const store = new ChatStore(frameScheduler(() => 0));
  const client = new ChatClient(store, { backoff: [10, 20, 40] });
  const platform = { openPlayground: vi.fn(() => Promise.resolve()), download: vi.fn() };
  const history = options.history ?? (options.settings ? settingsHistory(options.settings) : emptyHistory());
  const actions = new PanelActions(store, client, history, platform);
  const container = document.createElement('div');
  document.body.append(container);
  await act(async () => {
    render(<App actions={actions} />, container);
    await actions.init();
  });
  const port = () => ports[ports.length - 1];
  if (options.models !== null) {
    await act(() => port().onMessage.trigger({ type: 'models-listed', models: options.models ?? MODELS, source: 'bundled' }));
  }
  return {
    container,
    store,
    actions,
    ports,
    port,
    frames,
    platform,
    serve: async (msg) => {
      await act(() => port().onMessage.trigger(structuredClone(msg)));
    },
    settle,
    $: (selector) => container.querySelector<HTMLElement>(selector),
    $$: (selector) => [...container.querySelectorAll<HTMLElement>(selector)],
    sent: (type) => ports.flatMap((p) => p.posted).filter((m) => m.type === type) as never,
    unmount: () => {
      render(null, container);
      container.remove();
      actions.dispose();
    },
  };
}

export async function typeInto(el: HTMLElement, value: string): Promise<void> {
  await act(() => {
    (el as HTMLTextAreaElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function key(el: HTMLElement, init: KeyboardEventInit & { keyCode?: number }): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  if (init.keyCode !== undefined) Object.defineProperty(event, 'keyCode', { value: init.keyCode });
  await act(() => {
    el.dispatchEvent(event);
  });
  return event;
}

export async function click(el: HTMLElement | null): Promise<void> {
  if (!el) throw new Error('click: element not found');
  await act(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}
