// A long document read in sections (issue #13): "Reading section 3 of 9…", the notes of each
// section as they arrive (collapsed; model output, shown as plain text), and while the sections
// are being read, the choice to answer from the document's first characters only.
import { t } from '@/lib/shared/i18n';
import type { DocumentProgress } from '@/lib/protocol/records';

export function DocProgress({ document, active, onFirstOnly }: { document: DocumentProgress; active: boolean; onFirstOnly: () => void }) {
  const { done, total, phase, notes, firstChars } = document;
  const label = !active
    ? t('docSectionsRead', String(done), String(total))
    : phase === 'map'
      ? t('docReadingSection', String(Math.min(done + 1, total)), String(total))
      : t('docCombining', String(total));
  return (
    <div class="doc-progress" data-testid="doc-progress" data-done={done} data-total={total} data-phase={phase}>
      <p class="queued-note" aria-live="polite">
        {label}
      </p>
      {active && <progress max={total} value={done} aria-hidden="true" />}
      {active && phase === 'map' && firstChars > 0 && (
        <button type="button" class="button small" data-testid="doc-first-only" data-chars={firstChars} onClick={onFirstOnly}>
          {t('docFirstOnly', firstChars.toLocaleString())}
        </button>
      )}
      {notes.length > 0 && (
        <details class="doc-notes" data-testid="doc-notes">
          <summary>{t('docNotes', String(notes.length))}</summary>
          {notes.map((note, i) => (
            <div class="doc-note" key={i} data-testid="doc-note">
              <strong>{t('docNotePart', String(i + 1))}</strong>
              <div class="doc-note-text">{note}</div>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
