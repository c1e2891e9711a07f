import { describe, expect, it } from 'vitest';
import {
  batches,
  findDocument,
  fits,
  makePlan,
  MAP_MAX_TOKENS,
  nextStep,
  stepPrompt,
  truncatedHistory,
  type Budget,
  type DocumentPlan,
} from '@/lib/background/documents/planner';
import { contextBlock } from '@/lib/background/surfaces/page-context';
import { parseContextBlocks } from '@/lib/protocol/context-blocks';
import { estimateTokens } from '@/lib/background/documents/tokens';
import type { ChatTurn } from '@/lib/playground/types';

const article = (chars: number) => {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `Paragraph ${i}: the keeper wrote down the wind, the tide and the names of the vessels that passed the light.\n\n`;
  return text.slice(0, chars);
};

function turnWith(chars: number): ChatTurn[] {
  const { block } = contextBlock('page_content', article(chars), { source: 'https://example.com/log', title: 'Logbook' });
  return [{ id: 'u1', role: 'user', text: `Summarize this web page in English.\n\n${block}` }];
}

const budget: Budget = { window: 24_000, maxTokens: 2_048 };

describe('the map-reduce planner', () => {
  it('finds the document and the request in the last user message', () => {
    const doc = findDocument(turnWith(5_000))!;
    expect(doc.request).toBe('Summarize this web page in English.');
    expect(doc.text.length).toBe(5_000);
    expect(doc.meta.title).toBe('Logbook');
    expect(findDocument([{ id: 'u', role: 'user', text: 'no data here' }])).toBeNull();
  });

  it('fits: a short page goes in one request, a 200,000-character one does not', () => {
    expect(fits(turnWith(20_000), budget)).toBe(true);
    expect(fits(turnWith(200_000), budget)).toBe(false);
  });

  it('plans sections whose requests fit the window with room for the prompt and the answer', () => {
    const history = turnWith(200_000);
    const doc = findDocument(history)!;
    const plan = makePlan({ conversationId: 'c', messageId: 'm', model: 'x' }, history, doc, budget) as DocumentPlan;
    expect(typeof plan).toBe('object');
    expect(plan.sections.length).toBeGreaterThanOrEqual(3);
    expect(plan.sections.length).toBeLessThan(10);
    for (let i = 0; i < plan.sections.length; i++) {
      const prompt = stepPrompt(plan, { kind: 'map', index: i }, doc);
      expect(estimateTokens(prompt) + MAP_MAX_TOKENS).toBeLessThan(budget.window * 0.9);
    }
    // "First N characters only" fits too.
    const first = truncatedHistory(history, doc, plan.firstChars);
    expect(fits(first, budget)).toBe(true);
    expect(plan.firstChars).toBeGreaterThan(30_000);
    expect(parseContextBlocks(first[0].text)[0]).toMatchObject({ chars: expect.any(Number), truncated: true });
    expect(parseContextBlocks(first[0].text)[0].chars).toBeLessThanOrEqual(plan.firstChars);
  });

  it('asks for each section in order, then the final combination', () => {
    const history = turnWith(200_000);
    const doc = findDocument(history)!;
    const plan = makePlan({ conversationId: 'c', messageId: 'm', model: 'x' }, history, doc, budget) as DocumentPlan;
    const seen: string[] = [];
    for (;;) {
      const step = nextStep(plan);
      if (step.kind === 'reduce') {
        expect(step.final).toBe(true);
        expect(step.notes).toEqual(plan.notes);
        break;
      }
      seen.push(`map ${step.index}`);
      plan.notes[step.index] = `note ${step.index}`;
    }
    expect(seen).toEqual(plan.sections.map((_, i) => `map ${i}`));
    expect(stepPrompt(plan, nextStep(plan), doc)).toContain('<part_notes n="1">\nnote 0\n</part_notes>');
  });

  it('combines in levels when the notes do not fit one request, and the levels always shrink', () => {
    const plan = { notes: Array.from({ length: 9 }, (_, i) => `${'n'.repeat(900)} ${i}`), merged: [] as (string | null)[][], reduceTokens: 700, sections: [] } as unknown as DocumentPlan;
    plan.sections = plan.notes.map(() => ({ start: 0, end: 0 }));
    const steps: string[] = [];
    for (let guard = 0; guard < 50; guard++) {
      const step = nextStep(plan);
      if (step.kind !== 'reduce') throw new Error('no map steps left');
      steps.push(`${step.level}:${step.batch}${step.final ? ' final' : ''}`);
      if (step.final) break;
      (plan.merged[step.level] ??= [])[step.batch] = `merged ${step.level}.${step.batch}`;
    }
    expect(steps.at(-1)).toMatch(/final$/);
    expect(steps.filter((s) => s.startsWith('0:')).length).toBeGreaterThan(1);
    for (const group of batches(plan.notes as string[], 700).slice(0, -1)) expect(group.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a window too small to hold a section', () => {
    const history = turnWith(200_000);
    expect(makePlan({ conversationId: 'c', messageId: 'm', model: 'x' }, history, findDocument(history)!, { window: 1_200, maxTokens: 1_000 })).toBe('too-small');
  });
});
