// Where the message list meets a comparison (issue #15): the first answer of an open comparison
// renders the whole comparison; its other answers render nothing (they are its columns).
import type { ChatStore } from '@/lib/pages/chat-store';
import type { MessageState } from '@/lib/pages/message-states';
import { openComparisonAt } from '@/lib/pages/compare';
import { CompareView } from './CompareView';

/** undefined = not part of an open comparison (render it as usual); false = already shown. */
export function renderCompareTurn(store: ChatStore, message: MessageState, shown: Set<string>) {
  const open = openComparisonAt(store, message);
  if (!open) return undefined;
  if (shown.has(open.group)) return false;
  shown.add(open.group);
  return <CompareView key={`compare-${open.group}`} group={open.group} columns={open.columns} />;
}
