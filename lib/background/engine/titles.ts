// Model-written conversation titles (issue #12 "Everyday use"). Until there is an answer the title
// is the first words of the question (storage/messages.ts); after the first answer completes, one
// small request asks a light model for a few words in the interface language, and every open page
// shows them (conversation-updated to the conversation's pages, history-changed to every list).
// Never when the user renamed the conversation, never while the playground is rate-limiting our
// answers, at most once per conversation (the attempt is stored before the request: a worker that
// dies meanwhile does not ask again), and not at all when the setting is off. Anything that goes
// wrong keeps the first-words title, silently: a title is a nicety, never an error to show.
// The request runs on a private instance of its own (storage/instance-names.ts), never the
// conversation's: the agents server keeps a transcript per instance and would take the title prompt
// in as a turn of the conversation. That instance is cleared afterwards like a document job's.
import { applyLanguage, t } from '@/lib/shared/i18n';
import { userMessageSummary } from '@/lib/protocol/context-blocks';
import type { Message } from '@/lib/protocol/records';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { getConversation } from '@/lib/background/storage/conversations';
import { claimTitleRequest, setModelTitle } from '@/lib/background/storage/model-titles';
import { listMessages } from '@/lib/background/storage/messages';
import { loadSettings } from '@/lib/background/storage/settings';
import { loadGoneModels } from '@/lib/background/storage/gone-models';
import { titleSessionName } from '@/lib/background/storage/instance-names';
import { queueInstanceClears } from '@/lib/background/documents/plan-store';
import { newId } from '@/lib/background/storage/db';
import { describe, type EngineContext } from './context';
import { holdAwake } from './keepalive';
import { readWaits } from './waits-store';
import { cleanTitle, EXCERPT_CHARS, lightModelOf, TITLE_MAX_TOKENS, titlePrompt } from './title-prompt';

/** A title request that hangs longer is given up (the stream's own deadlines are longer). */
const TITLE_TIMEOUT_MS = 30_000;

/** True while an answer waits for an automatic rate-limit retry (retries.ts): the playground is limiting us. */
async function rateLimited(): Promise<boolean> {
  return Object.values(await readWaits()).some((wait) => wait.kind === 'retry');
}

/**
 * Called when an answer finished (status done; runner.ts). Resolves when the title is written or
 * skipped; never throws.
 */
export async function writeModelTitle(ctx: EngineContext, answer: Message): Promise<void> {
  const stream = ctx.deps.titleStream;
  if (!stream) return;
  const release = holdAwake();
  try {
    // Most answers are not a conversation's first: a plain read settles those without a write.
    const known = await getConversation(answer.conversationId);
    if (!known || known.titleAsked || known.titleEdited || known.deletedAt !== undefined) return;
    // Answered from inside a playground tab: direct requests meet the playground's check, and a
    // title is not worth another one (a later answer may ask).
    if (answer.transport === 'tab') return;
    const settings = await loadSettings();
    if (!settings.modelTitles || (await rateLimited())) return;
    const conversation = await claimTitleRequest(answer.conversationId);
    if (!conversation) return;
    const messages = await listMessages(conversation.id);
    const question = messages.find((m) => m.id === answer.parentId) ?? messages.find((m) => m.role === 'user');
    if (!question) return;
    const [list, gone] = await Promise.all([ctx.deps.listModels(false).catch(() => undefined), loadGoneModels().catch(() => [])]);
    const model = lightModelOf(list?.models ?? [], answer.model ?? settings.defaultModel, gone);
    // The interface language: the one chosen in the options, else the browser's (as the pages show it).
    await applyLanguage(settings.language);
    const prompt = titlePrompt(userMessageSummary(question.text, EXCERPT_CHARS), answer.text, t('titleLanguage'));
    const sessionName = titleSessionName(conversation);
    let text = '';
    const emit = (event: PlaygroundEvent) => {
      if (event.type === 'text-delta') text += event.text;
    };
    try {
      const outcome = await stream(
        { requestId: newId(), sessionName, messages: [{ id: newId(), role: 'user', text: prompt }], model, temperature: 0.2, maxTokens: TITLE_MAX_TOKENS },
        AbortSignal.timeout(TITLE_TIMEOUT_MS),
        emit,
      );
      const title = outcome.event.type === 'finish' ? cleanTitle(text) : '';
      const updated = title ? await setModelTitle(conversation.id, title) : undefined;
      if (updated) ctx.hub.broadcast(conversation.id, { type: 'conversation-updated', conversation: updated });
    } finally {
      await queueInstanceClears([sessionName]);
    }
  } catch (error) {
    console.warn('FlareChat: no model-written title', describe(error));
  } finally {
    release();
  }
}
