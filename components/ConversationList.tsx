// History: pinned first, then by recency; windowed rows (HistoryRows); incremental search; import/export.
import { readImportFile } from '@/lib/shared/import-size';
import { useRef, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { usePanelActions } from './context';
import { HistoryRows } from './HistoryRows';
import { useEscapeLayer } from './escape-layers';
import { CloseIcon } from './icons';
import './styles/panels.css';

export function ConversationList({ onClose }: { onClose: () => void }) {
  const actions = usePanelActions();
  const [query, setQuery] = useState(actions.historyQuery.peek());
  const fileInput = useRef<HTMLInputElement>(null);
  const pages = actions.historyPages;
  void pages.version.value; // the empty state follows the pages
  const error = actions.historyError.value;
  // Esc in a search box with text clears the search first; the next Esc closes History (issue #12).
  const search = useRef<HTMLInputElement>(null);
  useEscapeLayer(query !== '', () => {
    setQuery('');
    actions.setHistoryQuery('');
    search.current?.focus();
  });

  return (
    <section class="side-sheet history-sheet" aria-labelledby="history-title" data-testid="history">
      <header class="sheet-header">
        <h2 id="history-title">{t('historyTitle')}</h2>
        <button type="button" class="icon-button ghost" aria-label={t('actionClose')} title={t('actionClose')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div class="history-search">
        <input
          type="search"
          ref={search}
          data-testid="history-search"
          aria-label={t('historySearchLabel')}
          placeholder={t('historySearchPlaceholder')}
          value={query}
          onInput={(event) => {
            // Search on each keystroke: the index answers in milliseconds, stale results are
            // dropped, and a debounce would add its whole delay to every search.
            const value = event.currentTarget.value;
            setQuery(value);
            actions.setHistoryQuery(value);
          }}
        />
      </div>
      {error && (
        <p class="history-error" role="alert" data-testid="history-error">
          {error}
        </p>
      )}
      {/* Search results are ranked, not dated: one list. Otherwise pinned, Today, Yesterday… (issue #12). */}
      <HistoryRows query={query} onOpened={onClose} />
      {pages.isComplete && pages.count === 0 && <p class="history-empty">{query.trim() ? t('historyNoMatches') : t('historyEmpty')}</p>}
      <footer class="sheet-footer">
        <button type="button" class="button" data-testid="export-all" onClick={() => void actions.exportAll()}>
          {t('actionExportAll')}
        </button>
        <button type="button" class="button" data-testid="import" onClick={() => fileInput.current?.click()}>
          {t('actionImport')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="import-file"
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (file) void actions.importFile(readImportFile(file));
          }}
        />
      </footer>
    </section>
  );
}
