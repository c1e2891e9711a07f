// What a model-written title request says and how its reply becomes a title (issue #12; the job is
// ./titles.ts). Pure and free of browser APIs: the e2e helpers and the emulator's tests read
// TITLE_PROMPT_START from here to tell title requests from answers.
import { firstWords } from '@/lib/protocol/context-blocks';
import { TITLE_MAX_CHARS } from '@/lib/protocol/records';
import type { ModelInfo } from '@/lib/shared/models';

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
export const TITLE_MAX_TOKENS = 40;
/** Of the question and of the answer, what the title is written from. */
export const EXCERPT_CHARS = 600;
/** The light model to ask: the first of LIGHT_MODELS the live list offers usable, else `fallback`. */
export function lightModelOf(models: readonly ModelInfo[], fallback: string, gone: readonly string[] = []): string {
  const usable = new Set(models.filter((m) => !m.deprecated && !m.paid && !gone.includes(m.id)).map((m) => m.id));
  return LIGHT_MODELS.find((id) => usable.has(id)) ?? fallback;
}

/**
 * The Markdown a one-line title may come wrapped in: links keep their text, a heading mark and
 * emphasis/code marks at word edges go (snake_case inside a word stays). Not lib/shared/plain-text.ts:
 * that whole-document converter would cost the worker's bundle ~1.5 KB gzip for one line.
 */
const TITLE_MARKUP: [RegExp, string][] = [
  [/\[([^\]]*)\]\([^)]*\)/g, '$1'],
  [/<\/?[a-zA-Z][^>]*>/g, ''],
  [/^\s*#+\s*/, ''],
  [/(\*\*|__|~~|`+)/g, ''],
  [/(^|\s)[*_]+(?=\S)/g, '$1'],
  [/(\S)[*_]+(?=\s|$)/g, '$1'],
];

/** The model's reply as a title: its first line, plain text, no surrounding quotes or "Title:", capped; '' if nothing is left. */
export function cleanTitle(raw: string): string {
  const withoutThinking = raw.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '');
  const line = withoutThinking.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const text = TITLE_MARKUP.reduce((out, [rule, to]) => out.replace(rule, to), line)
    .replace(/\p{Cc}/gu, '')
    .replace(/^(title|заголовок|название)\s*[:：-]\s*/iu, '')
    // Quotes around the title go, quotes inside it stay ("Why “async” matters").
    .replace(/^[\s"'`“”„«»‘’]+/u, '')
    .replace(/[\s"'`“”„«»‘’.,;:!。]+$/u, '')
    .trim();
  return firstWords(text, TITLE_MAX_CHARS);
}

/** The request's one user turn: the instruction, then the question and the start of the answer. */
export function titlePrompt(question: string, answer: string, language: string): string {
  return [
    `${TITLE_PROMPT_START} for the conversation below, in ${language}. Reply with the title only: one line, no quotes, no Markdown, no full stop.`,
    '',
    `Question: ${firstWords(question, EXCERPT_CHARS)}`,
    `Answer: ${firstWords(answer, EXCERPT_CHARS)}`,
  ].join('\n');
}

