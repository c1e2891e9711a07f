// "Use this page" above the composer (issue #13): the active tab OFFERED (data-state="offered"),
// the attached page, PDF, transcript or selection (data-state="attached": title, characters sent,
// cut or not; removable). A tab switch offers the new page beside the attachment, never swapping it.
// Side panel only: renders nothing where no PageAttachment was started (pageAttachmentSlot).
import { t, type MessageKey } from '@/lib/shared/i18n';
import { pageAttachmentSlot, type PageAttachment } from '@/lib/pages/page-attachment';
import type { ReadFailure } from '@/lib/pages/page-sources/read-tab';
import { attachmentKind } from '@/lib/protocol/context-blocks';
import { KIND_LABELS } from './ContextChips';
import { CloseIcon } from './icons';
import './styles/context.css';

const FAILURES: Record<ReadFailure, MessageKey> = {
  access: 'pageChipAccess',
  restricted: 'pageChipRestricted',
  empty: 'pageChipEmpty',
  'no-captions': 'pageChipNoCaptions',
  'pdf-failed': 'pageChipPdfFailed',
  'pdf-timeout': 'pageChipPdfTimeout',
  'pdf-local': 'pageChipPdfLocal',
  error: 'pageChipError',
};

const count = (n: number) => n.toLocaleString();

function Attached({ page }: { page: PageAttachment }) {
  const attached = page.current.value;
  if (!attached) return null;
  const { meta } = attached;
  const kind = attachmentKind(meta);
  return (
    <div class="page-chip" data-testid="page-chip" data-state="attached" data-kind={kind} data-chars={meta.chars} data-truncated={meta.truncated ? 'yes' : 'no'}>
      <span class="page-chip-kind">{t(KIND_LABELS[kind])}</span>
      <span class="page-chip-title" title={meta.source}>{t('pageChipAttached', meta.title || meta.source || t('contextUntitled'))}</span>
      <span class="page-chip-size">{meta.truncated ? t('contextTruncated', count(meta.chars), count(meta.total)) : t('contextChars', count(meta.chars))}</span>
      <button type="button" class="icon-button ghost" data-testid="page-chip-remove" aria-label={t('pageChipRemove')} title={t('pageChipRemove')} onClick={() => page.remove()}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** A local PDF cannot be fetched (read-tab.ts): the user picks the same file, which the panel may read. */
function ChooseFile({ page }: { page: PageAttachment }) {
  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void page.useFile(file);
  };
  return (
    <label class="button small page-chip-file">
      {t('pageChipChooseFile')}
      <input type="file" accept="application/pdf,.pdf" class="visually-hidden" data-testid="page-chip-file" onChange={onChange} />
    </label>
  );
}

function Offer({ page }: { page: PageAttachment }) {
  const tab = page.offer.value;
  if (!tab) return null;
  const failed = page.failed.value?.tabId === tab.id ? page.failed.value.reason : null;
  const reading = page.reading.value;
  return (
    <div class="page-chip offered" data-testid="page-chip" data-state="offered">
      <button type="button" class="page-chip-use" data-testid="page-chip-use" disabled={reading} onClick={() => void page.use()}>
        {reading ? t('pageChipReading') : tab.title ? t('pageChipUseTitled', tab.title) : t('pageChipUse')}
      </button>
      {failed && (
        <p class="page-chip-note" role="status" data-testid="page-chip-note" data-reason={failed}>
          {t(FAILURES[failed])}
        </p>
      )}
      {failed === 'pdf-local' && !reading && <ChooseFile page={page} />}
    </div>
  );
}

export function PageChip() {
  const page = pageAttachmentSlot.value;
  if (!page) return null;
  return (
    <div class="page-chips" role="group" aria-label={t('pageChipLabel')}>
      <Attached page={page} />
      <Offer page={page} />
    </div>
  );
}
