// The background's chat engine: turns validated client messages into stored turns and queued
// answer requests. Its parts, one job each:
//   turns.ts    new turns and redos (store, announce, queue)
//   scheduler.ts the queue; request.ts one request's lifecycle; runner.ts runs one
//   outcome.ts  how an attempt ends (pure); generation.ts one streaming attempt
//   waits.ts    stop, and answers waiting for a playground check; retries.ts automatic retries
//   waits-store.ts what waits outside the queue, kept across worker restarts
// Memory is only a cache of what is running or waiting; everything that matters is in IndexedDB
// (messages, including 'queued' ones) and storage.session (the journal), so a restarted worker
// recovers (recovery.ts).
import { mark } from '@/lib/shared/bench-marks';
import { withoutGoneModels } from '@/lib/background/storage/gone-models';
import type { ClientMessage, ServerMessage } from '@/lib/protocol/messages';
import { getConversation } from '@/lib/background/storage/conversations';
import { listMessages, selectVersion } from '@/lib/background/storage/messages';
import { newId } from '@/lib/background/storage/db';
import type { Message } from '@/lib/protocol/records';
import { describe, type EngineContext, type EngineDeps } from './context';
import { snapshot, type LiveGeneration } from './generation';
import { Hub, type Subscriber } from './hub';
import { forPages } from './page-view';
import { AnswerRequest } from './request';
import { fireRetry, recoverRetries, RETRY_ALARM_PREFIX, RetryTimers } from './retries';
import { launch } from './runner';
import { chooseFirstOnly } from './document-job';
import { Scheduler } from './scheduler';
import { startTurn } from './turns';
import { redoTurn } from './redo-turns';
import { chooseColumn, retryColumn, startComparison, stopColumns, stopComparison, withLiveColumns } from './compare';
import { startVerification, verificationAbandoned, verificationPassed } from './waits';
import { readWaits } from './waits-store';

export class ChatEngine {
  readonly hub = new Hub();
  private readonly ctx: EngineContext;

  constructor(deps: EngineDeps) {
    const online = deps.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
    const ctx: EngineContext = {
      deps,
      hub: this.hub,
      scheduler: new Scheduler((request) => launch(ctx, request), online, undefined, deps.compareLimit),
      live: new Map<string, LiveGeneration>(),
      retries: new RetryTimers(),
      now: deps.now ?? Date.now,
      online,
    };
    this.ctx = ctx;
  }

  /** The generation running for a conversation, if any (tests and the snapshot use it). */
  liveFor(conversationId: string): LiveGeneration | undefined {
    return this.ctx.live.get(conversationId);
  }

  async handle(subscriber: Subscriber, message: ClientMessage): Promise<void> {
    const reply = (m: ServerMessage) => subscriber.postMessage(m);
    const ctx = this.ctx;
    try {
      switch (message.type) {
        case 'conversation-subscribe':
          return await this.subscribe(subscriber, message.conversationId);
        case 'conversation-unsubscribe':
          return this.hub.unsubscribe(message.conversationId, subscriber);
        case 'chat-stop':
          return await stopColumns(ctx, message.conversationId, message.messageId === undefined ? undefined : [message.messageId]);
        case 'models-list': {
          const list = await ctx.deps.listModels(message.refresh ?? false);
          return reply({ type: 'models-listed', models: await withoutGoneModels(list.models), source: list.source });
        }
        case 'network-online':
          ctx.scheduler.pump();
          return;
        case 'composer-typing':
          return; // a hint for the warm-up (router.ts → warm-up.ts), nothing for the engine
        case 'challenge-verify':
          return await startVerification(ctx, subscriber, message.conversationId, message.messageId);
        case 'chat-start':
          mark('engine chat-start');
          return await startTurn(ctx, subscriber, message);
        case 'doc-first':
          if (!(await chooseFirstOnly(ctx, message.conversationId, message.messageId)))
            reply({ type: 'request-rejected', code: 'bad-request', error: 'That answer is no longer reading a long document.' });
          return;
        case 'chat-regenerate':
          if (await retryColumn(ctx, subscriber, message)) return;
          return await redoTurn(ctx, subscriber, message);
        case 'chat-edit':
        case 'chat-continue':
          return await redoTurn(ctx, subscriber, message);
        case 'compare-start':
          return await startComparison(ctx, subscriber, message);
        case 'compare-stop':
          return await stopComparison(ctx, message);
        case 'compare-choose':
          return await chooseColumn(ctx, subscriber, message);
        case 'version-select':
          return await this.selectVersion(subscriber, message.conversationId, message.messageId);
      }
    } catch (error) {
      reply({ type: 'request-rejected', code: 'storage', error: describe(error), requestId: 'requestId' in message ? message.requestId : undefined });
    }
  }

  /**
   * Start-up: answers that were waiting when the worker died go back into the queue, except those
   * waiting for a playground check (the check sends them, issue #11 item 4); scheduled retries are
   * armed again (item 10).
   */
  async requeue(messages: Message[]): Promise<void> {
    const waits = await readWaits();
    for (const m of messages.sort((a, b) => a.updatedAt - b.updatedAt)) {
      if (waits[m.id]?.kind === 'verification') continue;
      this.ctx.scheduler.submit(new AnswerRequest({ conversationId: m.conversationId, messageId: m.id, requestId: newId(), attempt: 0 }));
    }
    await recoverRetries(this.ctx, Object.values(waits));
  }

  /** A browser alarm fired (start.ts forwards browser.alarms.onAlarm). */
  async alarm(name: string): Promise<void> {
    if (name.startsWith(RETRY_ALARM_PREFIX)) await fireRetry(this.ctx, name.slice(RETRY_ALARM_PREFIX.length));
  }

  /** The worker stops (tests): drop this worker's timers and keep-alive holds; stored state stays. */
  dispose(): void {
    this.ctx.retries.dispose();
  }

  /** The network is back (worker `online` event, or a page's nudge). */
  networkOnline(): void {
    this.ctx.scheduler.pump();
  }

  /** The user closed the verification tab before the check passed. */
  verificationAbandoned(conversationId: string, messageId: string): Promise<void> {
    return verificationAbandoned(this.ctx, conversationId, messageId);
  }

  /** The playground check passed in a tab. */
  verified(conversationId: string, messageId: string): Promise<void> {
    return verificationPassed(this.ctx, conversationId, messageId);
  }

  private async subscribe(subscriber: Subscriber, conversationId: string): Promise<void> {
    const conversation = await getConversation(conversationId);
    if (!conversation || conversation.deletedAt) {
      return subscriber.postMessage({ type: 'conversation-missing', conversationId });
    }
    this.hub.subscribe(conversationId, subscriber);
    const messages = await listMessages(conversationId);
    const live = this.ctx.live.get(conversationId);
    // Deltas still being coalesced go out first, so the snapshot's seq covers all of its text.
    live?.flush();
    subscriber.postMessage(forPages({ type: 'conversation-snapshot', conversation, messages: withLiveColumns(this.ctx, conversationId, messages), live: live && snapshot(live) }));
  }

  /** The version switcher (issue #12): show another version, and send every watcher the new path. */
  private async selectVersion(subscriber: Subscriber, conversationId: string, messageId: string): Promise<void> {
    // The answer being written belongs to the path shown now; switching under it would hide it mid-stream.
    if (this.ctx.scheduler.isRunning(conversationId) || this.ctx.scheduler.waitingFor(conversationId).length > 0) {
      return subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error: 'An answer is still being written in this conversation. Stop it or wait for it to finish.' });
    }
    const existing = await getConversation(conversationId);
    if (!existing || existing.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId });
    const { conversation, messages } = await selectVersion(conversationId, messageId);
    this.hub.subscribe(conversationId, subscriber);
    this.hub.broadcast(conversationId, { type: 'conversation-snapshot', conversation, messages });
  }

  /**
   * Waits until nothing runs (tests): no generation, and no launched request still on its way to
   * one (the stream starts before the runner registers the generation, runner.ts).
   */
  async settle(): Promise<void> {
    const { live, scheduler } = this.ctx;
    for (let i = 0; i < 1000 && (live.size > 0 || scheduler.runningCount > 0); i++) {
      if (live.size > 0) await Promise.all([...live.values()].map((l) => l.done));
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}
