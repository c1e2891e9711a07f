// What pages see of a conversation (issue #12): the visible path only, with each message's place
// among its versions. Every frame that carries a conversation's messages passes through here once
// (Hub.broadcast, and the snapshot a subscriber gets), so no path can leak a hidden branch.
import type { ServerMessage } from '@/lib/protocol/messages';
import { pathVersions, visiblePath } from '@/lib/protocol/branches';
import { withOpenComparisons } from '@/lib/protocol/compare';

/** `message` with its `messages` (every version) narrowed to the visible path, plus `versions`. */
export function forPages<M extends ServerMessage>(message: M): M {
  if (message.type !== 'chat-started' && message.type !== 'conversation-snapshot') return message;
  const path = withOpenComparisons(visiblePath(message.messages, message.conversation.branch), message.messages);
  const versions = pathVersions(path, message.messages);
  return { ...message, messages: path, ...(Object.keys(versions).length > 0 && { versions }) };
}
