// How much text fits a model (issue #13). Token counts are estimated, never exact (the playground
// does not expose a tokenizer), so the estimate errs on the large side: about 3 characters per
// token for ASCII (English averages ~4) and one token per other code point (CJK text is often
// more than one character per token, but rarely less).
import type { ModelInfo } from '@/lib/shared/models';

/** When the model list says nothing about a model's window: small enough for every chat model listed. */
export const DEFAULT_CONTEXT_WINDOW = 8_192;

/**
 * The model's context window in tokens, or a safe default. Helper C adds the same function to
 * lib/shared/models.ts (issue #17); this one is the stand-in the lead swaps at merge.
 */
export function contextWindowOf(model: ModelInfo | undefined): number {
  const window = model?.contextWindow;
  return typeof window === 'number' && Number.isFinite(window) && window >= 1_024 ? Math.floor(window) : DEFAULT_CONTEXT_WINDOW;
}

/** Estimated tokens of `text` (see the top of the file). */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) ascii++;
    // A surrogate pair is one code point: count its high half only.
    else if (code < 0xdc00 || code > 0xdfff) other++;
  }
  return Math.ceil(ascii / 3) + other;
}
