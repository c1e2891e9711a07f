// Fan-out: which UI ports watch which conversation. Ports come and go (a panel closes, a popup
// closes, the worker restarts); generations never depend on anyone listening.
import type { ServerMessage } from '@/lib/protocol/messages';
import { forPages } from './page-view';

export interface Subscriber {
  postMessage(message: ServerMessage): void;
}

export class Hub {
  private readonly watchers = new Map<string, Set<Subscriber>>();

  subscribe(conversationId: string, subscriber: Subscriber): void {
    let set = this.watchers.get(conversationId);
    if (!set) this.watchers.set(conversationId, (set = new Set()));
    set.add(subscriber);
  }

  unsubscribe(conversationId: string, subscriber: Subscriber): void {
    const set = this.watchers.get(conversationId);
    set?.delete(subscriber);
    if (set?.size === 0) this.watchers.delete(conversationId);
  }

  /** Forget a subscriber everywhere (its port disconnected). */
  drop(subscriber: Subscriber): void {
    for (const [conversationId, set] of this.watchers) {
      set.delete(subscriber);
      if (set.size === 0) this.watchers.delete(conversationId);
    }
  }

  /** Sends to every watcher; a frame with messages goes out as pages see it (page-view.ts). */
  broadcast(conversationId: string, raw: ServerMessage): void {
    const watchers = this.watchers.get(conversationId);
    if (!watchers?.size) return;
    const message = forPages(raw);
    for (const subscriber of watchers) {
      try {
        subscriber.postMessage(message);
      } catch {
        // A port that closed between our check and the post: it is dropped on its disconnect event.
      }
    }
  }
}
