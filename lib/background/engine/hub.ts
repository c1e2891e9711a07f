// Fan-out: which UI ports watch which conversation. Ports come and go (a panel closes, a popup
// closes, the worker restarts); generations never depend on anyone listening.
import type { ServerMessage } from '@/lib/protocol/messages';

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

  broadcast(conversationId: string, message: ServerMessage): void {
    for (const subscriber of this.watchers.get(conversationId) ?? []) {
      try {
        subscriber.postMessage(message);
      } catch {
        // A port that closed between our check and the post: it is dropped on its disconnect event.
      }
    }
  }
}
