// What the header names the open conversation (issue #12): its title, or, while the stored title is
// still the default (the page's copy of the conversation can lag the first message's write), the
// first words of what the user asked, without context markup (the action and quote of a right-click).
import { DEFAULT_TITLE, TITLE_MAX_CHARS, type Conversation } from '@/lib/protocol/records';
import { userMessageSummary } from '@/lib/protocol/context-blocks';

export function headerTitle(conversation: Conversation | null, firstUserText: string | undefined): string | null {
  const stored = conversation?.title.trim();
  if (stored && (stored !== DEFAULT_TITLE || conversation?.titleEdited)) return stored;
  const asked = firstUserText?.trim() ? userMessageSummary(firstUserText, TITLE_MAX_CHARS) : '';
  return asked || null;
}
