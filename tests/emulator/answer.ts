// Deterministic answers of the emulator's fake model.
//
// Default: "Hello! You said: <last user text>", streamed as the tokens
//   "Hello", "! You said: ", then the user text split on word boundaries (each word keeps its
//   trailing whitespace). The first two tokens are the ones the stub model of the server captures
//   emitted, so a one-word prompt ("Hi") gives byte-identical streams to
//   tests/fixtures/playground/server-captures/* (apart from random ids).
// Directives, recognised anywhere in the last user message:
//   /long <N>  → an N-token markdown answer (headings, list, fenced code, table; repeated).
//   /reason    → reasoning tokens first (where the era has a reasoning channel).
// A title request (lib/background/engine/titles.ts: the message starts "Write a title of at most six
// words" and quotes the question on a "Question:" line) is answered `**"Model title: <the question's
// first five words>."**`, wrapped in the quotes and Markdown real models add, so the e2e tests see
// both that the title came from the model and that FlareChat cleaned it.

export interface Answer {
  /** Reasoning tokens, streamed before the text (empty = no reasoning chunks at all). */
  reasoning: string[];
  /** Text tokens; their concatenation is the answer. */
  text: string[];
}

export interface AnswerOptions {
  /** Config override: answer with an N-token markdown text instead of the echo. */
  answerTokens: number | null;
  /** Config override: emit reasoning for every answer. */
  reasoning: boolean;
  /** The model is a reasoning model (reasoning for every answer). */
  reasoningModel: boolean;
}

/** Split on word boundaries, keeping whitespace attached to the preceding word. */
export function splitTokens(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

const LONG_DIRECTIVE = /\/long\s+(\d+)/;
const REASON_DIRECTIVE = /(^|\s)\/reason(\s|$)/;

function longSection(k: number): string {
  return (
    `## Section ${k}\n\n` +
    `This is part ${k} of a long answer. It has **bold** text, _emphasis_ and \`inline code\`.\n\n` +
    `- first point of section ${k}\n` +
    `- second point with a [link](https://example.com/${k})\n` +
    `- third point\n\n` +
    '```ts\n' +
    `function square${k}(x: number): number {\n` +
    `  return x * x + ${k};\n` +
    '}\n' +
    '```\n\n' +
    '| Column A | Column B |\n' +
    '| --- | --- |\n' +
    `| a${k} | b${k} |\n\n`
  );
}

/** A deterministic markdown answer of exactly `n` tokens (a prefix of repeated sections). */
export function longAnswer(n: number): string[] {
  const out: string[] = [];
  for (let k = 1; out.length < n; k++) out.push(...splitTokens(longSection(k)));
  return out.slice(0, Math.max(0, n));
}

const TITLE_REQUEST = /^Write a title of at most six words/;

/** The fake model's title, or null when `text` is not a title request. */
export function titleAnswer(text: string): string | null {
  if (!TITLE_REQUEST.test(text)) return null;
  const question = /^Question: (.*)$/m.exec(text)?.[1] ?? '';
  return `**"Model title: ${question.split(/\s+/).slice(0, 5).join(' ')}."**`;
}

export function buildAnswer(lastUserText: string, opts: AnswerOptions): Answer {
  const title = titleAnswer(lastUserText);
  if (title !== null) return { reasoning: [], text: splitTokens(title) };
  const long = LONG_DIRECTIVE.exec(lastUserText);
  let text: string[];
  if (long) text = longAnswer(Math.min(Number(long[1]), 1_000_000));
  else if (opts.answerTokens !== null) text = longAnswer(opts.answerTokens);
  else text = ['Hello', '! You said: ', ...splitTokens(lastUserText)];
  const wantReasoning = opts.reasoning || opts.reasoningModel || REASON_DIRECTIVE.test(lastUserText);
  const reasoning = wantReasoning
    ? splitTokens(`Let me think. The user wrote: "${lastUserText}". I should greet them and repeat it.`)
    : [];
  return { reasoning, text };
}
