/**
 * Syntax highlighting, loaded on demand. This module is in the initial bundle and is small: the
 * highlighter itself (refractor + 18 grammars, ./highlighter.ts) is a dynamic import that Vite
 * emits as its own chunk. It is requested the first time a code block with a known language
 * renders (loadHighlighter); until it has arrived, highlight() returns null and code renders as
 * plain text. Once loaded, highlight() is synchronous.
 */
import type { HighlightNode } from './highlight-types';

type HighlighterModule = typeof import('./highlighter');

export type HighlighterState = 'idle' | 'loading' | 'ready' | 'failed';

let state: HighlighterState = 'idle';
let loaded: HighlighterModule | null = null;
let pending: Promise<void> | null = null;

/** Work done by highlight(), for tests and measurements. */
export const highlightStats = { calls: 0, chars: 0, cacheHits: 0 };

export function highlighterState(): HighlighterState {
  return state;
}

export function isHighlighterReady(): boolean {
  return loaded !== null;
}

/**
 * Start loading the highlighter chunk (once; again after a failure). Resolves when it is ready,
 * rejects if the chunk could not be loaded (code then stays plain text).
 */
export function loadHighlighter(): Promise<void> {
  if (pending) return pending;
  state = 'loading';
  pending = import('./highlighter').then(
    (module) => {
      loaded = module;
      state = 'ready';
    },
    (error: unknown) => {
      state = 'failed';
      pending = null;
      throw error;
    },
  );
  return pending;
}

/**
 * For tests: resolves once the highlighter is loaded if a load was started (or `start` is true),
 * immediately when nothing requested it.
 */
export function whenHighlighterReady(start = false): Promise<void> {
  if (start) return loadHighlighter();
  return pending ?? Promise.resolve();
}

/** Small LRU-ish cache: unchanged code blocks are not re-highlighted on every streamed delta. */
const cache = new Map<string, HighlightNode[]>();
const CACHE_LIMIT = 64;

/**
 * Highlight `code` as `grammar` into a plain tree of spans and text. null when there is no grammar,
 * the highlighter is not loaded (yet), or it fails. `useCache: false` for intermediate states of a
 * fence that is still streaming (they would only evict useful entries).
 */
export function highlight(code: string, grammar: string | null, useCache = true): HighlightNode[] | null {
  if (grammar === null || loaded === null) return null;
  const key = grammar + '\u0000' + code;
  const hit = useCache ? cache.get(key) : undefined;
  if (hit) {
    highlightStats.cacheHits++;
    // Refresh its position: the map's insertion order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  highlightStats.calls++;
  highlightStats.chars += code.length;
  const out = loaded.highlightNodes(code, grammar);
  if (out === null || !useCache) return out;
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, out);
  return out;
}
