// "What was sent": one chip per page or selection block in a user message (source, characters,
// shortened or not). The blocks themselves are untrusted data and are not shown as text.
// Each carries the attachment hook of issue #13: [data-testid=attachment] with data-kind
// (page | selection | transcript | pdf) and data-chars (characters sent).
import type { ReadonlySignal } from '@preact/signals';
import { t, type MessageKey } from '@/lib/shared/i18n';
import { attachmentKind, parseContextBlocks, type AttachmentKind } from '@/lib/protocol/context-blocks';
import './styles/context.css';

export const KIND_LABELS: Record<AttachmentKind, MessageKey> = {
  page: 'attachmentPage',
  selection: 'attachmentSelection',
  transcript: 'attachmentTranscript',
  pdf: 'attachmentPdf',
};

export function ContextChips({ text }: { text: ReadonlySignal<string> }) {
  const contexts = parseContextBlocks(text.value);
  if (contexts.length === 0) return null;
  const count = (n: number) => n.toLocaleString();
  return (
    <ul class="context-chips" aria-label={t('contextLabel')}>
      {contexts.map((context, index) => {
        const name = context.title || context.source || t('contextUntitled');
        const kind = attachmentKind(context);
        return (
          <li key={index} class="context-chip" data-testid="context-chip" data-kind={context.tag} data-chars={context.chars} data-truncated={context.truncated ? 'yes' : 'no'} title={context.source}>
            <span class="context-chip-attachment" data-testid="attachment" data-kind={kind} data-chars={context.chars}>
              <span class="context-chip-source">
                {kind === 'transcript' || kind === 'pdf' ? `${t(KIND_LABELS[kind])}: ${name}` : context.tag === 'page_content' ? t('contextPage', name) : t('contextSelection', name)}
              </span>
              <span class="context-chip-size">
                {context.truncated ? t('contextTruncated', count(context.chars), count(context.total)) : t('contextChars', count(context.chars))}
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
