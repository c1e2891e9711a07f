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
import { firstWords, userMessageSummary } from '@/lib/protocol/context-blocks';
import { TITLE_MAX_CHARS, type Message } from '@/lib/protocol/records';
import { plainText } from '@/lib/shared/plain-text';
import type { ModelInfo } from '@/lib/shared/models';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { claimTitleRequest, getConversation, setModelTitle } from '@/lib/background/storage/conversations';
import { listMessages } from '@/lib/background/storage/messages';
import { loadSettings } from '@/lib/background/storage/settings';
import { loadGoneModels } from '@/lib/background/storage/gone-models';
import { titleSessionName } from '@/lib/background/storage/instance-names';
import { queueInstanceClears } from '@/lib/background/documents/plan-store';
import { newId } from '@/lib/background/storage/db';
import { describe, type EngineContext } from './context';
import { holdAwake } from './keepalive';
import { readWaits } from './waits-store';

/** The first words of every title request (the e2e emulator answers it recognisably). */
export const TITLE_PROMPT_START = 'Write a title of at most six words';
/** Small, fast instruction models, best first; a listed, non-deprecated, free one is used. */
export const LIGHT_MODELS: readonly string[] = [
  '@cf/meta/llama-3.1-8b-instruct-fast',
  '@cf/meta/llama-3.1-8b-instruct-fp8',
  '@cf/ibm-granite/granite-4.0-h-micro',
  '@cf/meta/llama-3.2-3b-instruct',
  '@cf/mistralai/mistral-small-3.1-24b-instruct',
  '@cf/google/gemma-4-26b-a4b-it',
];
/** Enough for a few words (and a short preamble some models cannot help writing). */
const TITLE_MAX_TOKENS = 40;
/** Of the question and of the answer, what the title is written from. */
const EXCERPT_CHARS = 600;
/** A title request that hangs longer is given up (the stream's own deadlines are longer). */
const TITLE_TIMEOUT_MS = 30_000;

/** The light model to ask: the first of LIGHT_MODELS the live list offers usable, else `fallback`. */
export function lightModelOf(models: readonly ModelInfo[], fallback: string, gone: readonly string[] = []): string {
  const usable = new Set(models.filter((m) => !m.deprecated && !m.paid && !gone.includes(m.id)).map((m) => m.id));
  return LIGHT_MODELS.find((id) => usable.has(id)) ?? fallback;
}

/** The model's reply as a title: its first line, plain text, no quotes or "Title:", capped; '' if nothing is left. */
export function cleanTitle(raw: string): string {
  const withoutThinking = raw.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '');
  const line = withoutThinking.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const text = plainText(line)
    .replace(/\p{Cc}/gu, '')
    .replace(/^(title|заголовок|название)\s*[:：-]\s*/iu, '')
    .replace(/["“”„«»‘’`]/g, '')
    .replace(/^'+|'+$/g, '')
    .replace(/[\s.,;:!。]+$/u, '')
    .trim();
  return firstWords(text, TITLE_MAX_CHARS);
}

/** The request's one user turn: the instruction, then the question and the start of the answer. */
export function titlePrompt(question: string, answer: string, language: string): string {
  return [
    `${TITLE_PROMPT_START} for the conversation below, in ${language}. Reply with the title only: one line, no quotes, no Markdown, no full stop.`,
    '',
    `Question: ${firstWords(question, EXCERPT_CHARS)}`,
    `Answer: ${firstWords(plainText(answer), EXCERPT_CHARS)}`,
  ].join('\n');
}

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
