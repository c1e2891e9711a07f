/**
 * marked tokens → Preact VNodes. Model output is untrusted:
 * - every piece of input text ends up in a text node (never parsed as HTML);
 * - raw HTML tokens (block and inline) are shown as literal text;
 * - the only attributes derived from input are `href` (after safeHref: http/https/mailto),
 *   `title` on links, `start` on <ol> (a number) and `checked` on disabled task checkboxes;
 * - no <img>: images become "🖼 alt (url)" text, a link only for http(s) URLs;
 * - `$…$` math becomes allow-listed MathML nodes (components/markdown/math-dom.ts, loaded lazily).
 */
import type { ComponentChildren, VNode } from 'preact';
import type { MarkedToken, Token, Tokens } from 'marked';
import { decodeEntities } from '../../lib/pages/markdown/entities';
import { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH } from '../../lib/pages/markdown/lexer';
import { isWebUrl, safeHref } from '../../lib/pages/markdown/safe-url';
import { CodeBlock, type CopyHandler } from './CodeBlock';
import { MathSpan } from './MathSpan';
import type { MathToken } from '../../lib/pages/markdown/math-syntax';

export interface RenderContext {
  onCopyCode?: CopyHandler | undefined;
  /** Rendering the last block of a streaming answer: an open fence in it may still grow. */
  live?: boolean | undefined;
}

const ALIGN_CLASS = { left: 'fc-md-align-left', center: 'fc-md-align-center', right: 'fc-md-align-right' } as const;

function alignClass(align: 'center' | 'left' | 'right' | null): string | undefined {
  return align ? ALIGN_CLASS[align] : undefined;
}

function externalLink(href: string, title: string | null | undefined, children: ComponentChildren, className?: string): VNode {
  return (
    <a class={className} href={href} title={title ?? undefined} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function renderImage(token: Tokens.Image): VNode {
  const href = safeHref(token.href);
  const label = `🖼 ${token.text || 'image'} (${token.href})`;
  if (href !== null && isWebUrl(href)) return externalLink(href, token.title, label, 'fc-md-image-link');
  return <span class="fc-md-image-text">{label}</span>;
}

const CLOSING_FENCE = /\n {0,3}(`{3,}|~{3,})[ \t]*\n*$/;

/** A fenced code token whose closing fence has arrived (indented code counts as closed). */
function isClosedFence(t: Tokens.Code): boolean {
  if (t.codeBlockStyle === 'indented') return true;
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(t.raw)?.[1];
  const close = CLOSING_FENCE.exec(t.raw)?.[1];
  return open !== undefined && close !== undefined && close[0] === open[0] && close.length >= open.length;
}

/**
 * Nesting levels rendered; deeper tokens show their source as text. The lexer already stops at
 * MAX_BLOCK_DEPTH + MAX_INLINE_DEPTH (lib/pages/markdown/lexer.ts); this bound keeps the renderer
 * safe on its own, whatever token tree it is given (issue #11: deep nesting overflowed the stack).
 */
export const MAX_RENDER_DEPTH = MAX_BLOCK_DEPTH + MAX_INLINE_DEPTH + 8;
// Rendering is synchronous (children are built eagerly), so one counter tracks the current depth.
let depth = 0;

function nested<T>(tokens: readonly Token[], render: (token: Token) => T): (T | string)[] {
  if (depth >= MAX_RENDER_DEPTH) return [tokens.map((t) => t.raw).join('')];
  depth++;
  try {
    return tokens.map(render);
  } finally {
    depth--;
  }
}

export function renderInline(tokens: readonly Token[] | undefined): ComponentChildren[] {
  if (!tokens) return [];
  return nested(tokens, renderInlineToken);
}

function renderInlineToken(token: Token): ComponentChildren {
  const t = token as MarkedToken;
  switch (t.type) {
    case 'text':
      return t.tokens ? renderInline(t.tokens) : decodeEntities(t.text);
    case 'escape':
      return t.text;
    case 'strong':
      return <strong>{renderInline(t.tokens)}</strong>;
    case 'em':
      return <em>{renderInline(t.tokens)}</em>;
    case 'del':
      return <del>{renderInline(t.tokens)}</del>;
    case 'codespan':
      return <code class="fc-md-inline-code">{t.text}</code>;
    case 'br':
      return <br />;
    case 'link': {
      const href = safeHref(t.href);
      const children = renderInline(t.tokens);
      return href === null ? <span class="fc-md-unsafe-link">{children}</span> : externalLink(href, t.title, children);
    }
    case 'image':
      return renderImage(t);
    case 'html':
      // Inline tags (<span onclick=…>, <img …>, comments): literal text, visible.
      return t.raw;
    case 'checkbox':
      return <input type="checkbox" class="fc-md-task" checked={t.checked} disabled />;
    default:
      if (token.type === 'math') {
        const m = token as unknown as MathToken;
        return <MathSpan tex={m.text} display={m.display} raw={m.raw} />;
      }
      return 'raw' in token && typeof token.raw === 'string' ? token.raw : null;
  }
}

function renderListItem(item: Tokens.ListItem, loose: boolean, ctx: RenderContext): VNode {
  return <li class={item.task ? 'fc-md-task-item' : undefined}>{renderBlocks(item.tokens, ctx, loose)}</li>;
}

function renderTable(t: Tokens.Table): VNode {
  return (
    <div class="fc-md-table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {t.header.map((cell) => (
              <th scope="col" class={alignClass(cell.align)}>{renderInline(cell.tokens)}</th>
            ))}
          </tr>
        </thead>
        {t.rows.length > 0 && (
          <tbody>
            {t.rows.map((row) => (
              <tr>
                {row.map((cell) => (
                  <td class={alignClass(cell.align)}>{renderInline(cell.tokens)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}

/** Render one block token. `tight` is set inside tight list items (text without <p>). */
export function renderBlock(token: Token, ctx: RenderContext, tight = false): ComponentChildren {
  const t = token as MarkedToken;
  switch (t.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      // `flat`: nesting beyond the lexer's depth limit, kept as literal source (line breaks shown).
      return <p class={'flat' in token && token.flat === true ? 'fc-md-flat' : undefined}>{renderInline(t.tokens)}</p>;
    case 'text':
      // Block-level text appears in tight list items; in loose ones marked makes paragraphs.
      return tight ? renderInline(t.tokens ?? [{ type: 'text', raw: t.raw, text: t.text }]) : <p>{renderInline(t.tokens)}</p>;
    case 'heading': {
      const Tag = (['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const)[Math.min(Math.max(t.depth, 1), 6) - 1] ?? 'h6';
      return <Tag>{renderInline(t.tokens)}</Tag>;
    }
    case 'hr':
      return <hr />;
    case 'blockquote':
      return <blockquote>{renderBlocks(t.tokens, ctx)}</blockquote>;
    case 'code':
      return (
        <CodeBlock
          code={t.text}
          info={t.codeBlockStyle === 'indented' ? undefined : t.lang}
          live={ctx.live === true && !isClosedFence(t)}
          onCopyCode={ctx.onCopyCode}
        />
      );
    case 'list': {
      const items = t.items.map((item) => renderListItem(item, t.loose, ctx));
      if (!t.ordered) return <ul>{items}</ul>;
      const start = typeof t.start === 'number' && Number.isFinite(t.start) && t.start !== 1 ? t.start : undefined;
      return <ol start={start}>{items}</ol>;
    }
    case 'table':
      return renderTable(t);
    case 'html':
      // Raw HTML block: shown as literal text, never interpreted.
      return <div class="fc-md-raw-html">{t.text}</div>;
    case 'checkbox':
      return <input type="checkbox" class="fc-md-task" checked={t.checked} disabled />;
    default:
      return renderInlineToken(token);
  }
}

export function renderBlocks(tokens: readonly Token[], ctx: RenderContext, loose = true): ComponentChildren[] {
  return nested(tokens, (token) => renderBlock(token, ctx, !loose));
}
