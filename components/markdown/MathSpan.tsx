/**
 * One `$…$` / `$$…$$` expression. KaTeX (~70 KB gzip) is loaded with import() the first time an
 * answer contains math, so the side panel's initial bundle does not grow (tests/run-all.ts budget).
 * Until it is loaded, or when KaTeX rejects the TeX, the source is shown as text, so nothing is lost.
 */
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

type MathModule = typeof import('./math-dom');
let loaded: MathModule | null = null;
let loading: Promise<MathModule> | null = null;

function loadMath(): Promise<MathModule> {
  loading ??= import('./math-dom').then((module) => (loaded = module));
  return loading;
}

export function MathSpan({ tex, display, raw }: { tex: string; display: boolean; raw: string }): VNode {
  const ref = useRef<HTMLSpanElement>(null);
  const [module, setModule] = useState<MathModule | null>(loaded);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (module) return;
    let live = true;
    loadMath().then((m) => live && setModule(() => m), () => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [module]);

  useEffect(() => {
    const host = ref.current;
    if (!host || !module) return;
    const nodes = module.mathNodes(tex, display, host.ownerDocument);
    if (nodes) host.replaceChildren(nodes);
    setFailed(nodes === null);
  }, [module, tex, display]);

  const cls = display ? 'fc-md-math fc-md-math-display' : 'fc-md-math';
  // While KaTeX loads (or when it rejects the TeX) Preact renders the source as text; once loaded,
  // Preact renders no children and the effect fills the span with the MathML nodes. The `key`
  // change on failure gives the text fallback a fresh element.
  const showText = failed || !module;
  return (
    <span key={failed ? 'text' : 'math'} ref={ref} class={failed ? `${cls} fc-md-math-failed` : cls} data-testid="math" data-state={failed ? 'failed' : module ? 'rendered' : 'loading'}>
      {showText ? raw : null}
    </span>
  );
}
