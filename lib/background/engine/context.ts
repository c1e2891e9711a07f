// What the engine's parts share: its dependencies, the fan-out hub, the queue and what runs now.
// Memory here is only a cache of what is running or waiting; everything that matters is in
// IndexedDB (messages, including 'queued' ones) and storage.session (the journal).
import type { ModelList } from '@/lib/playground/model-list';
import type { LiveGeneration, StreamFn } from './generation';
import type { Hub } from './hub';
import type { RetryTimers } from './retries';
import type { Scheduler } from './scheduler';

export interface EngineDeps {
  stream: StreamFn;
  listModels(refresh: boolean): Promise<ModelList>;
  now?: () => number;
  /** navigator.onLine in the worker; injectable for tests. */
  online?: () => boolean;
  /** Opens or focuses a playground tab for the user to pass the check (lib/background/engine/verification.ts). */
  verify?: (job: { conversationId: string; messageId: string }) => Promise<void>;
  /** Backoff for rate-limited answers (lib/background/engine/retry-policy.ts); injectable for tests. */
  retryDelay?: (attempt: number, retryAfterMs: number | undefined) => number | undefined;
  /** browser.alarms (wakes a stopped worker for a scheduled retry); start.ts passes it, tests fake it. */
  alarms?: AlarmApi;
  /**
   * How model-written titles reach the playground (./titles.ts); start.ts passes `stream`'s own.
   * Without it no titles are asked (engine tests script every call of `stream` as an answer).
   */
  titleStream?: StreamFn;
  /** Answers at once while comparison columns run (compare-lanes.ts); tests measure other values. */
  compareLimit?: number;
  /** The instance name of a socket warmed for the next new conversation, if any (issue #16). */
  warmInstance?: () => string | undefined;
}

export interface AlarmApi {
  create(name: string, when: number): void;
  clear(name: string): void;
}

export interface EngineContext {
  readonly deps: EngineDeps;
  readonly hub: Hub;
  readonly scheduler: Scheduler;
  /** The generation running per conversation. */
  readonly live: Map<string, LiveGeneration>;
  readonly retries: RetryTimers;
  readonly now: () => number;
  readonly online: () => boolean;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
