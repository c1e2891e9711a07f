// "The history was written" for whoever keeps open pages current (issue #12: an open side panel's
// history missed conversations the popup, a right-click or another page added). Every write goes
// through withWriteTx (db.ts), which calls historyWritten() after the transaction commits; the data
// port turns that into a throttled `history-changed` event. Listeners live only as long as this
// worker: nothing here needs to survive a restart (pages re-read when they reconnect).
type Listener = () => void;

const listeners = new Set<Listener>();

/** Calls `listener` after every committed history write; returns the unsubscribe function. */
export function watchHistoryWrites(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function historyWritten(): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      console.error('FlareChat: a history-change listener failed', error);
    }
  }
}
