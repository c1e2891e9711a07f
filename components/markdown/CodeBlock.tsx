import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fenceLanguage, grammarFor, highlight, type HighlightNode } from '../../lib/markdown/highlight';

export type CopyHandler = (code: string) => void;

function toVNodes(nodes: readonly HighlightNode[]): ComponentChildren[] {
  return nodes.map((node) =>
    node.kind === 'text' ? node.value : <span class={node.className}>{toVNodes(node.children)}</span>,
  );
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

export function CodeBlock({ code, info, onCopyCode }: { code: string; info: string | undefined; onCopyCode?: CopyHandler | undefined }): VNode {
  const language = fenceLanguage(info);
  const grammar = grammarFor(language);
  const highlighted = highlight(code, grammar);
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

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
        <button type="button" class="fc-md-copy" aria-label={copied ? 'Copied' : `Copy ${label} code`} onClick={onClick}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <span class="fc-md-sr-only" role="status" aria-live="polite">{copied ? 'Copied to clipboard' : ''}</span>
      </div>
      <span class="fc-md-sr-only">{`Code block, ${label}`}</span>
      <pre class="fc-md-pre" tabIndex={0}>
        <code class={grammar ? `language-${grammar}` : undefined}>{highlighted ? toVNodes(highlighted) : code}</code>
      </pre>
    </div>
  );
}
