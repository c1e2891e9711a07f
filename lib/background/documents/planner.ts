// The map-reduce planner (issue #13), pure: whether a turn fits the model, how the document is cut
// into sections, and which request comes next given what is already done. The plan it builds is
// plain JSON (kept by ./plan-store.ts), so a restarted worker continues where the last one stopped.
import type { ChatTurn } from '@/lib/playground/types';
import { contextBlockTexts, contextTexts, parseContextBlocks, stripContextBlocks } from '@/lib/protocol/context-blocks';
import { capText } from '@/lib/background/surfaces/page-context';
import { chunkDocument, type Span } from './chunker';
import { mapPrompt, reducePrompt, type DocumentMeta } from './prompts';
import { estimateTokens } from './tokens';

/** Tokens kept free in every request for what estimates miss (role markers, template tokens). */
export const SAFETY_TOKENS = 256;
/** Sections are planned this much under the window: the estimate is an estimate. */
export const HEADROOM = 0.85;
/** A map step's answer is notes, not the answer: at most this many tokens. */
export const MAP_MAX_TOKENS = 1_024;
/** Past this many sections the document is refused with a clear error instead of hammering the playground. */
export const MAX_SECTIONS = 200;

export interface Budget {
  /** The model's window (tokens). */
  window: number;
  /** The answer's max tokens. */
  maxTokens: number;
  system?: string;
}

/** The turn's document: the data blocks of the last user message that has any, and the request. */
export interface DocumentTurn {
  /** Index in the history of the user turn holding the blocks. */
  turn: number;
  text: string;
  meta: DocumentMeta;
  /** The user's request (the last user message without its data blocks). */
  request: string;
}

export function findDocument(history: readonly ChatTurn[]): DocumentTurn | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (turn.role !== 'user') continue;
    const texts = contextTexts(turn.text);
    if (texts.length === 0) continue;
    const meta = parseContextBlocks(turn.text)[0];
    const last = [...history].reverse().find((t) => t.role === 'user');
    const request = stripContextBlocks(last?.text ?? '') || 'Summarize the document.';
    return { turn: i, text: texts.join('\n\n'), meta: { source: meta?.source ?? '', title: meta?.title ?? '' }, request };
  }
  return null;
}

/** Whether the whole history, the system prompt and the answer fit the window. */
export function fits(history: readonly ChatTurn[], budget: Budget): boolean {
  const used = history.reduce((sum, t) => sum + estimateTokens(t.text), estimateTokens(budget.system ?? ''));
  return used + budget.maxTokens + SAFETY_TOKENS <= budget.window;
}

/** Tokens a section may have: the window minus the instructions, the system prompt and the notes' room. */
export function sectionTokens(doc: DocumentTurn, budget: Budget): number {
  const overhead = estimateTokens(mapPrompt(doc.request, '', 0, MAX_SECTIONS, doc.meta)) + estimateTokens(budget.system ?? '');
  return Math.floor((budget.window - Math.min(budget.maxTokens, MAP_MAX_TOKENS) - overhead - SAFETY_TOKENS) * HEADROOM);
}

/** Tokens the notes of one reduce request may have. */
export function reduceTokens(doc: DocumentTurn, budget: Budget): number {
  const overhead = estimateTokens(reducePrompt(doc.request, [], true)) + estimateTokens(budget.system ?? '');
  return Math.floor((budget.window - budget.maxTokens - overhead - SAFETY_TOKENS) * HEADROOM);
}

/**
 * "First N characters only": how much of the document fits one request with the rest of the
 * history (0 when nothing does).
 */
export function firstChars(history: readonly ChatTurn[], doc: DocumentTurn, budget: Budget): number {
  const rest = history.reduce((sum, t, i) => sum + estimateTokens(i === doc.turn ? stripContextBlocks(t.text) : t.text), estimateTokens(budget.system ?? ''));
  const room = Math.floor((budget.window - budget.maxTokens - rest - SAFETY_TOKENS - 100) * HEADROOM);
  if (room <= 0) return 0;
  const total = estimateTokens(doc.text);
  return Math.max(0, Math.min(doc.text.length, Math.floor((doc.text.length * room) / Math.max(1, total))));
}

/** The history with each data block of the document turn cut to `chars` characters (truncated="yes"). */
export function truncatedHistory(history: readonly ChatTurn[], doc: DocumentTurn, chars: number): ChatTurn[] {
  return history.map((t, i) => {
    if (i !== doc.turn) return t;
    let text = t.text;
    for (const block of contextBlockTexts(t.text)) {
      const open = block.slice(0, block.indexOf('>\n') + 2);
      const inner = block.slice(open.length, block.lastIndexOf('\n</'));
      const cut = capText(inner, chars);
      const head = open.replace(/ chars="\d+"/, ` chars="${cut.text.length}"`).replace(/ truncated="\w+"/, ` truncated="${cut.truncated ? 'yes' : 'no'}"`);
      text = text.replace(block, () => `${head}${cut.text}${block.slice(open.length + inner.length)}`);
    }
    return { ...t, text };
  });
}

export interface DocumentPlan {
  v: 1;
  conversationId: string;
  messageId: string;
  /** What the plan was made for (model, document length, request): another turn never resumes it. */
  key: string;
  /** 'first': the user chose "first N characters only"; the answer is one ordinary request. */
  mode: 'sections' | 'first';
  firstChars: number;
  sections: Span[];
  /** The notes of each section (null until its request finished). */
  notes: (string | null)[];
  /** Intermediate reduce levels: level k holds the merged notes of level k-1's batches. */
  merged: (string | null)[][];
  /** Tokens one reduce request's notes may have. */
  reduceTokens: number;
  /** Playground instances used by this job, cleared once it ends (lib/background/server-copies.ts). */
  instances: string[];
}

export function planKey(model: string, doc: DocumentTurn): string {
  let hash = 0;
  for (let i = 0; i < doc.request.length; i++) hash = (hash * 31 + doc.request.charCodeAt(i)) | 0;
  return `${model}|${doc.text.length}|${hash}`;
}

export type PlanError = 'too-small' | 'too-many';

/** A fresh plan, or why the document cannot be answered in sections. */
export function makePlan(
  ids: { conversationId: string; messageId: string; model: string },
  history: readonly ChatTurn[],
  doc: DocumentTurn,
  budget: Budget,
): DocumentPlan | PlanError {
  const perSection = sectionTokens(doc, budget);
  const perReduce = reduceTokens(doc, budget);
  if (perSection < 200 || perReduce < 200) return 'too-small';
  const sections = chunkDocument(doc.text, perSection);
  if (sections.length > MAX_SECTIONS) return 'too-many';
  return {
    v: 1,
    conversationId: ids.conversationId,
    messageId: ids.messageId,
    key: planKey(ids.model, doc),
    mode: 'sections',
    firstChars: firstChars(history, doc, budget),
    sections,
    notes: sections.map(() => null),
    merged: [],
    reduceTokens: perReduce,
    instances: [],
  };
}

export type Step =
  | { kind: 'map'; index: number }
  /** `final`: the answer itself (streamed to the user); else merged notes at merged[level][batch]. */
  | { kind: 'reduce'; level: number; batch: number; notes: string[]; final: boolean };

/** Groups notes into batches whose notes fit `tokens` (each note cut to fit alone; ≥ 2 per batch, so levels shrink). */
export function batches(notes: readonly string[], tokens: number): string[][] {
  const capped = notes.map((n) => (estimateTokens(n) > tokens / 2 ? capText(n, Math.max(100, Math.floor((n.length * tokens) / 2 / estimateTokens(n)))).text : n));
  const out: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const note of capped) {
    const cost = estimateTokens(note) + 10;
    if (current.length >= 2 && used + cost > tokens) {
      out.push(current);
      current = [];
      used = 0;
    }
    current.push(note);
    used += cost;
  }
  if (current.length) out.push(current);
  return out;
}

/** What to ask next. Deterministic in the plan, so a resumed job picks the same step. */
export function nextStep(plan: DocumentPlan): Step {
  const missing = plan.notes.findIndex((n) => n === null);
  if (missing >= 0) return { kind: 'map', index: missing };
  let inputs = plan.notes as string[];
  for (let level = 0; ; level++) {
    const groups = batches(inputs, plan.reduceTokens);
    if (groups.length === 1) return { kind: 'reduce', level, batch: 0, notes: groups[0], final: true };
    const done = plan.merged[level] ?? [];
    const todo = groups.findIndex((_, b) => typeof done[b] !== 'string');
    if (todo >= 0) return { kind: 'reduce', level, batch: todo, notes: groups[todo], final: false };
    inputs = done as string[];
  }
}

/** The prompt for a step. */
export function stepPrompt(plan: DocumentPlan, step: Step, doc: DocumentTurn): string {
  if (step.kind === 'map') {
    const span = plan.sections[step.index];
    return mapPrompt(doc.request, doc.text.slice(span.start, span.end), step.index, plan.sections.length, doc.meta);
  }
  return reducePrompt(doc.request, step.notes, step.final);
}
