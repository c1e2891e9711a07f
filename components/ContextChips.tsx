// "What was sent": one chip per page or selection block in a user message (source, characters,
// shortened or not). The blocks themselves are untrusted data and are not shown as text.
import type { ReadonlySignal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import { parseContextBlocks } from '@/lib/protocol/context-blocks';
import './styles/context.css';

export function ContextChips({ text }: { text: ReadonlySignal<string> }) {
  const contexts = parseContextBlocks(text.value);
  if (contexts.length === 0) return null;
  const count = (n: number) => n.toLocaleString();
  return (
    <ul class="context-chips" aria-label={t('contextLabel')}>
      {contexts.map((context, index) => {
        const name = context.title || context.source || t('contextUntitled');
        return (
          <li key={index} class="context-chip" data-testid="context-chip" data-kind={context.tag} data-chars={context.chars} data-truncated={context.truncated ? 'yes' : 'no'} title={context.source}>
            <span class="context-chip-source">{context.tag === 'page_content' ? t('contextPage', name) : t('contextSelection', name)}</span>
            <span class="context-chip-size">
              {context.truncated ? t('contextTruncated', count(context.chars), count(context.total)) : t('contextChars', count(context.chars))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
