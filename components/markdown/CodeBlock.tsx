import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { highlight, isHighlighterReady, loadHighlighter } from '../../lib/pages/markdown/highlight';
import { fenceLanguage, grammarFor } from '@/lib/pages/markdown/languages';
import { type HighlightNode } from '@/lib/pages/markdown/highlight-types';

export type CopyHandler = (code: string) => void;

function toVNodes(nodes: readonly HighlightNode[]): ComponentChildren[] {
  return nodes.map((node) =>
    node.kind === 'text' ? node.value : <span class={node.className}>{toVNodes(node.children)}</span>,
  );
}

/** While a fence is still streaming, highlight it at most this often (ms); the newest text in between shows plain. */
export const LIVE_HIGHLIGHT_INTERVAL = 150;

interface Shown {
  code: string;
  nodes: HighlightNode[];
  at: number;
}

/** Copy without any extension API: the Clipboard API, else a hidden textarea + execCommand. */
export async function copyText(text: string): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // fall through to the legacy path (e.g. document not focused)
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'fc-md-sr-only';
  document.body.append(area);
  area.select();
  try {
    document.execCommand('copy');
  } finally {
    area.remove();
  }
}

export interface CodeBlockProps {
  code: string;
  info: string | undefined;
  /** The fence may still grow (streaming, last block): re-highlight at most every LIVE_HIGHLIGHT_INTERVAL ms. */
  live?: boolean | undefined;
  onCopyCode?: CopyHandler | undefined;
}

export function CodeBlock({ code, info, live = false, onCopyCode }: CodeBlockProps): VNode {
  const language = fenceLanguage(info);
  const grammar = grammarFor(language);
  const [copied, setCopied] = useState(false);
  const [, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = useRef<Shown | null>(null);
  useEffect(() => () => clearTimeout(timer.current), []);

  // The first block with a known language requests the highlighter chunk (idempotent); until it
  // arrives the code renders as plain text, then this block re-renders highlighted.
  const ready = grammar !== null && isHighlighterReady();
  if (grammar !== null && !ready) void loadHighlighter().catch(() => undefined);
  useEffect(() => {
    if (grammar === null || isHighlighterReady()) return;
    let alive = true;
    loadHighlighter().then(
      () => alive && setVersion((v) => v + 1),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [grammar]);

  let body: ComponentChildren = code;
  let retryIn = -1;
  if (ready) {
    if (!live) {
      const nodes = highlight(code, grammar);
      if (nodes) body = toVNodes(nodes);
      shown.current = null;
    } else {
      const now = performance.now();
      const prev = shown.current;
      if (prev && prev.code === code) {
        body = toVNodes(prev.nodes);
      } else if (prev && code.startsWith(prev.code) && now - prev.at < LIVE_HIGHLIGHT_INTERVAL) {
        // Throttled: what was highlighted stays highlighted, the new text is appended plain.
        body = [...toVNodes(prev.nodes), code.slice(prev.code.length)];
        retryIn = LIVE_HIGHLIGHT_INTERVAL - (now - prev.at);
      } else {
        const nodes = highlight(code, grammar, false);
        shown.current = nodes ? { code, nodes, at: now } : null;
        if (nodes) body = toVNodes(nodes);
      }
    }
  }
  // A throttled render highlights the rest when the interval is over, even if no delta arrives.
  useEffect(() => {
    if (retryIn < 0) return;
    const id = setTimeout(() => setVersion((v) => v + 1), retryIn);
    return () => clearTimeout(id);
  }, [code, retryIn]);

  const onClick = (): void => {
    const done = (): void => {
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 2000);
    };
    if (onCopyCode) {
      onCopyCode(code);
      done();
    } else {
      copyText(code).then(done, () => undefined);
    }
  };

  const label = language || 'text';
  return (
    <div class="fc-md-code">
      <div class="fc-md-code-bar">
        <span class="fc-md-code-lang" aria-hidden="true">{label}</span>
        <button type="button" class="fc-md-copy" aria-label={copied ? t('copied') : t('codeCopyLabel', label)} onClick={onClick}>
          {copied ? t('copied') : t('copy')}
        </button>
        <span class="fc-md-sr-only" role="status" aria-live="polite">{copied ? t('codeCopiedAnnounce') : ''}</span>
      </div>
      <span class="fc-md-sr-only">{t('codeBlockLabel', label)}</span>
      <pre class="fc-md-pre" tabIndex={0}>
        <code class={grammar ? `language-${grammar}` : undefined}>{body}</code>
      </pre>
    </div>
  );
}
