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

/**
 * From this many top-level blocks on, an answer's blocks out of view skip style, layout and paint
 * (`.fc-md-long` in markdown.css), so each streamed frame of a long answer costs what is on screen.
 * Shorter answers, nearly all of them, are left alone: they fit in a few screens anyway.
 */
export const LONG_ANSWER_BLOCKS = 40;

function MarkdownBlocks({ text, streaming = false, onCopyCode }: MarkdownProps): VNode {
  const lexer = useRef<IncrementalLexer | null>(null);
  lexer.current ??= new IncrementalLexer();
  const blocks = lexer.current.update(text);
  const ctx: RenderContext = { onCopyCode };
  // Only the last block of a streaming answer can be an open fence that is still growing.
  const liveCtx: RenderContext = { onCopyCode, live: true };
  const last = blocks.length - 1;
  let shown = 0;
  const children = blocks.map((token, index) => {
    if (token.type === 'space') return null;
    shown++;
    return <Block key={index} token={token} ctx={streaming && index === last ? liveCtx : ctx} />;
  });
  return (
    <div class={markdownClass(streaming, shown >= LONG_ANSWER_BLOCKS)} aria-busy={streaming ? 'true' : undefined}>
      {children}
    </div>
  );
}

function markdownClass(streaming: boolean, long: boolean): string {
  return 'fc-md' + (streaming ? ' fc-md-streaming' : '') + (long ? ' fc-md-long' : '');
}

export default Markdown;
