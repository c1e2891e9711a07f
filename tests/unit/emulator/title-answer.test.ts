// The emulator answers FlareChat's title request (lib/background/engine/title-prompt.ts) with a
// recognisable title, and every other prompt as before; this keeps the two texts in step.
import { describe, expect, it } from 'vitest';
import { buildAnswer, titleAnswer } from '../../emulator/answer';
import { cleanTitle, titlePrompt } from '@/lib/background/engine/title-prompt';

const opts = { answerTokens: null, reasoning: false, reasoningModel: false };

describe('emulator: title requests', () => {
  it('answers a title request with the first words of its question, dressed as real models dress titles', () => {
    const prompt = titlePrompt('How do tides work near the coast?', 'The Moon pulls.', 'English');
    const answer = buildAnswer(prompt, opts).text.join('');
    expect(answer).toBe('**"Model title: How do tides work near."**');
    expect(cleanTitle(answer)).toBe('Model title: How do tides work near');
  });

  it('leaves other prompts alone', () => {
    expect(titleAnswer('Write a haiku')).toBeNull();
    expect(buildAnswer('Hi', opts).text.join('')).toBe('Hello! You said: Hi');
  });
});
