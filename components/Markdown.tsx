/**
 * The one component that turns untrusted model output into rich DOM.
 *
 * Markdown is lexed with marked's lexer (never its HTML renderer), incrementally: blocks that can
 * no longer change are kept and rendered through a component whose shouldComponentUpdate compares
 * token identity, so Preact skips them; only the unstable tail is re-lexed and re-rendered.
 * The caller throttles updates (one per animation frame); this component renders what it gets.
 */
import { Component, type ComponentChildren, type VNode } from 'preact';
import { useRef } from 'preact/hooks';
import type { Token } from 'marked';
import { IncrementalLexer } from '../lib/pages/markdown/incremental';
import { renderBlock, type RenderContext } from './markdown/render';
import { RenderGuard } from './RenderGuard';
import './markdown/markdown.css';

export interface MarkdownProps {
  text: string;
  streaming?: boolean;
  onCopyCode?: (code: string) => void;
}

interface BlockProps {
  token: Token;
  ctx: RenderContext;
}


/** A top-level block; re-renders only when its token object (or the copy callback) changes. */
class Block extends Component<BlockProps> {
  override shouldComponentUpdate(next: BlockProps): boolean {
    return next.token !== this.props.token || next.ctx.onCopyCode !== this.props.ctx.onCopyCode || next.ctx.live !== this.props.ctx.live;
  }

  override render(): ComponentChildren {
    return renderBlock(this.props.token, this.props.ctx);
  }
}

/**
 * If lexing or rendering this answer throws, show its text as plain text instead: one bad answer
 * must not break the panel or the popup (issue #11).
 */
export function Markdown(props: MarkdownProps): VNode {
  return (
    <RenderGuard
      fallback={() => (
        <div class="fc-md fc-md-plain" data-render-failed="true">
          {props.text}
        </div>
      )}
    >
      <MarkdownBlocks {...props} />
    </RenderGuard>
  );
}

function MarkdownBlocks({ text, streaming = false, onCopyCode }: MarkdownProps): VNode {
  const lexer = useRef<IncrementalLexer | null>(null);
  lexer.current ??= new IncrementalLexer();
  const blocks = lexer.current.update(text);
  const ctx: RenderContext = { onCopyCode };
  // Only the last block of a streaming answer can be an open fence that is still growing.
  const liveCtx: RenderContext = { onCopyCode, live: true };
  const last = blocks.length - 1;
  return (
    <div class={streaming ? 'fc-md fc-md-streaming' : 'fc-md'} aria-busy={streaming ? 'true' : undefined}>
      {blocks.map((token, index) =>
        token.type === 'space' ? null : <Block key={index} token={token} ctx={streaming && index === last ? liveCtx : ctx} />,
      )}
    </div>
  );
}

export default Markdown;
