// Shared pieces of the fault-injection suites (tests/e2e/faults*.e2e.ts): launching with short
// deadlines, counting the emulator's chat requests, reading the extension's IndexedDB, and
// waiting for terminal states. Built on tests/e2e/harness (another engineer's); nothing here
// changes the harness.
import type { Page } from 'playwright-core';
import {
  E2E_ORIGIN,
  launchExtension,
  messageText,
  sel,
  startEmulator,
  type EmulatorOptions,
  type Emulator,
  type EmulatorLogEntry,
  type LaunchedExtension,
  type MessageStatus,
} from './harness';
import type { ModelInput } from '../emulator/types';
import { TITLE_INSTANCE_SUFFIX } from '../../lib/background/storage/instance-names';
import { TITLE_PROMPT_START } from '../../lib/background/engine/title-prompt';

/** `FLARECHAT_E2E_BUILD=<dir>` runs the suite against another build folder (default: the harness's). */
export function launch(): Promise<LaunchedExtension> {
  const dir = process.env.FLARECHAT_E2E_BUILD;
  return launchExtension(dir ? { extensionDir: dir } : {});
}

/**
 * The emulator on the e2e port (8787), waiting up to `waitMs` while another engineer's run holds the
 * port (EADDRINUSE) instead of failing at once.
 */
export async function startEmulatorWhenFree(options: EmulatorOptions = {}, waitMs = 120_000): Promise<Emulator> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await startEmulator(options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

export interface Deadlines {
  firstByteMs: number;
  silenceMs: number;
  totalMs: number;
}

/**
 * Shortens the worker's stream deadlines (first byte 25 s, silence 30 s, total 5 min in the product)
 * through the e2e-only `__flarechat.clientDeps` handle (entrypoints/background.ts exposes it only
 * when MODE === 'e2e'). Lives in the worker's memory: a worker restart restores the defaults.
 */
export async function setDeadlines(ext: LaunchedExtension, limits: Deadlines | null): Promise<void> {
  const worker = await ext.waitForWorker();
  await worker.evaluate((l) => {
    const hook = (globalThis as unknown as { __flarechat?: { clientDeps: { deadlines?: unknown } } }).__flarechat;
    if (!hook) throw new Error('not an e2e build: no __flarechat hook');
    hook.clientDeps.deadlines = l ?? undefined;
  }, limits);
}

/**
 * Turns "Write titles with the model" off in the options page (issue #12). Only for the suites that
 * arm one-shot faults (`times` counts chat requests): a title request landing late, after one test's
 * answer, would take the fault meant for the next test's answer. Titles under faults are covered by
 * tests/unit/background/engine/titles.test.ts; titles-model.e2e.ts keeps them on.
 */
export async function turnOffModelTitles(ext: LaunchedExtension): Promise<void> {
  const options = await ext.openPage('/options.html');
  await options.locator('[data-testid=model-titles]').uncheck();
  await until(
    () => options.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { modelTitles?: boolean } | undefined)?.modelTitles === false),
    5_000,
    'the setting saved',
  );
  await options.close();
}

/**
 * Stops the worker from using warm sockets (issue #16) through the same e2e-only handle: a socket
 * warmed when the panel opened passed its upgrade before a test turned an upgrade fault on (the
 * challenge is checked on the upgrade), so such a test would never see its fault. Worker memory.
 */
export async function withoutWarmSockets(ext: LaunchedExtension): Promise<void> {
  const worker = await ext.waitForWorker();
  await worker.evaluate(() => {
    const hook = (globalThis as unknown as { __flarechat?: { clientDeps: { warm?: unknown } } }).__flarechat;
    if (!hook) throw new Error('not an e2e build: no __flarechat hook');
    hook.clientDeps.warm = undefined;
  });
}

export const FAST_DEADLINES: Deadlines = { firstByteMs: 4_000, silenceMs: 2_500, totalMs: 60_000 };

// ---- emulator log ----------------------------------------------------------------------------

/**
 * A model-written title request (issue #12, lib/background/engine/titles.ts): one small request
 * after a conversation's first answer, on the conversation's title instance (`…-title`). The counts
 * and "what the model got" below are about answers, so they leave these out. The HTTP eras send no
 * instance name: there the request is known by its prompt.
 */
/** The agents instance an entry belongs to (an upgrade names it in its path). */
const instanceOf = (e: EmulatorLogEntry): string => e.instance ?? decodeURIComponent(e.path.split('?')[0].split('/').at(-1) ?? '');

export const isTitleInstance = (name: string | undefined): boolean => name !== undefined && name.endsWith(TITLE_INSTANCE_SUFFIX);

function mentionsTitlePrompt(body: unknown): boolean {
  const messages = (body as { messages?: { content?: unknown; parts?: { text?: unknown }[] }[] } | undefined)?.messages;
  const last = Array.isArray(messages) ? messages.at(-1) : undefined;
  const text = typeof last?.content === 'string' ? last.content : last?.parts?.[0]?.text;
  return typeof text === 'string' && text.startsWith(TITLE_PROMPT_START);
}

export function isTitleRequest(e: EmulatorLogEntry): boolean {
  if (isTitleInstance(e.instance)) return true;
  if (e.kind === 'upgrade') return isTitleInstance(instanceOf(e));
  return e.kind === 'http' && e.method === 'POST' && mentionsTitlePrompt(e.body);
}

/** What the fake model received for answers (title requests left out), oldest first. */
export function answerInputs(emulator: Emulator): ModelInput[] {
  return emulator
    .modelInputs()
    .filter((input) => !isTitleInstance(input.instance) && !(input.instance === undefined && input.prompt.at(-1)?.text.startsWith(TITLE_PROMPT_START)));
}

/** A chat attempt as the emulator sees it: a chat frame on a socket, or an HTTP inference POST (title requests left out). */
export const isChatFrame = (e: EmulatorLogEntry): boolean =>
  e.kind === 'ws-in' && (e.frame as { type?: string } | undefined)?.type === 'cf_agent_use_chat_request' && !isTitleRequest(e);
export const isInferencePost = (e: EmulatorLogEntry): boolean =>
  e.kind === 'http' && e.method === 'POST' && e.path.startsWith('/api/inference') && !isTitleRequest(e);
/**
 * Upgrades to a chat session: not the model list's socket (one instance per install, known by the
 * getModels rpc it carried; older builds named it flarechat-models-…), not a title instance.
 */
export function isChatUpgrade(e: EmulatorLogEntry, log: readonly EmulatorLogEntry[]): boolean {
  if (e.kind !== 'upgrade' || !e.path.startsWith('/agents/playground/') || e.path.startsWith('/agents/playground/flarechat-models-') || isTitleRequest(e)) return false;
  const name = instanceOf(e);
  return !log.some((o) => o.kind === 'ws-in' && o.instance === name && (o.frame as { method?: string } | undefined)?.method === 'getModels');
}

/** Every request that tried to start an answer: chat frames, inference POSTs and refused chat upgrades. */
export function chatAttempts(emulator: Emulator): number {
  return emulator.log.filter((e) => isChatFrame(e) || isInferencePost(e) || (isChatUpgrade(e, emulator.log) && e.status !== 101)).length;
}

export const chatFrames = (emulator: Emulator): EmulatorLogEntry[] => emulator.log.filter(isChatFrame);

// ---- IndexedDB -----------------------------------------------------------------------------

export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  /** The message it follows (issue #12 versions); absent on rows stored before versions. */
  parentId?: string;
  role: 'user' | 'assistant';
  text: string;
  status: MessageStatus;
  createdAt?: number;
  transport?: string;
  error?: { code: string; message: string; retryAt?: number; attempt?: number };
}

/** Every message row of the extension's `flarechat` IndexedDB, read from an extension page. */
export async function readMessages(page: Page): Promise<StoredMessage[]> {
  return page.evaluate(
    () =>
      new Promise<StoredMessage[]>((resolve, reject) => {
        const open = indexedDB.open('flarechat');
        open.onerror = () => reject(new Error(`indexedDB.open: ${String(open.error)}`));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('messages', 'readonly').objectStore('messages').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as StoredMessage[]);
          };
          req.onerror = () => reject(new Error(`getAll: ${String(req.error)}`));
        };
      }),
  );
}

// ---- UI --------------------------------------------------------------------------------------

export const TERMINAL: MessageStatus[] = ['done', 'stopped', 'error', 'interrupted'];

/** Status of assistant message `index` (0-based, counted in the current conversation's view). */
export async function assistantStatus(page: Page, index: number): Promise<string | null> {
  const all = page.locator(sel.assistant);
  if ((await all.count()) <= index) return null;
  return all.nth(index).getAttribute('data-status');
}

/** Polls `probe` until it returns a truthy value or the time is up. */
export async function until<T>(probe: () => Promise<T> | T, timeoutMs: number, what: string, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The URL of a playground tab (the verification tab, the tab fallback's). */
export const isPlaygroundUrl = (url: string): boolean => url.startsWith(`${E2E_ORIGIN}/`);

export async function errorText(page: Page): Promise<string> {
  return (await page.locator(sel.error).last().innerText({ timeout: 1_000 }).catch(() => '')).trim();
}

/**
 * Waits until the last assistant message shows `status` (any of them), without failing on the way:
 * an error with a scheduled retry, or an error the test is about to act on, passes through.
 */
export async function waitForStatus(page: Page, status: MessageStatus | MessageStatus[], timeoutMs = 10_000): Promise<string> {
  const wanted: string[] = Array.isArray(status) ? status : [status];
  const last = page.locator(sel.assistant).last();
  await until(async () => wanted.includes((await last.getAttribute('data-status').catch(() => null)) ?? ''), timeoutMs, `answer ${wanted.join('|')}`);
  return (await messageText(last)).trim();
}

/** Clicks the last error's action and waits until the answer has left the error state. */
export async function clickErrorAction(page: Page): Promise<void> {
  await page.locator(sel.errorAction).last().click();
  const last = page.locator(sel.assistant).last();
  await until(async () => (await last.getAttribute('data-status')) !== 'error', 5_000, 'the answer leaves the error state');
}

/**
 * Records every data-status the assistant messages take (a MutationObserver in the page), so a test
 * can assert on transitions too short to poll. `read()` returns them in order; `reset()` clears.
 * `within`: only the messages inside an element matching this selector (e.g. one compare column).
 */
export async function watchStatuses(page: Page, within?: string): Promise<{ read(): Promise<string[]>; reset(): Promise<void> }> {
  await page.evaluate((inside) => {
    const scope = window as unknown as { __statuses?: string[]; __statusObserver?: MutationObserver };
    scope.__statuses = [];
    scope.__statusObserver?.disconnect();
    const push = (el: Element) => {
      if (inside && !el.closest(inside)) return;
      const status = el.getAttribute('data-status');
      const list = scope.__statuses!;
      if (status && list.at(-1) !== status) list.push(status);
    };
    scope.__statusObserver = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element && r.target.matches('[data-testid=message][data-role=assistant]')) push(r.target);
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          for (const el of node.matches('[data-testid=message][data-role=assistant]') ? [node] : node.querySelectorAll('[data-testid=message][data-role=assistant]')) push(el);
        }
      }
    });
    scope.__statusObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  }, within);
  return {
    read: () => page.evaluate(() => [...((window as unknown as { __statuses?: string[] }).__statuses ?? [])]),
    reset: () => page.evaluate(() => void ((window as unknown as { __statuses?: string[] }).__statuses = [])),
  };
}
