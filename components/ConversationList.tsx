// History: pinned first, then by recency; paged; incremental search (debounced); import/export.
import { readImportFile } from '@/lib/shared/import-size';
import { useRef, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { usePanelActions } from './context';
import { ConversationItem } from './ConversationItem';
import { useEscapeLayer } from './escape-layers';
import { CloseIcon } from './icons';
import './styles/panels.css';

import { HISTORY_PAGE_SIZE } from '@/lib/pages/history';
import { groupHistory, type HistoryGroupKey } from '@/lib/pages/history-groups';
import type { MessageKey } from '@/lib/shared/i18n';

const GROUP_TITLES: Record<HistoryGroupKey, MessageKey> = {
  pinned: 'historyGroupPinned',
  today: 'historyGroupToday',
  yesterday: 'historyGroupYesterday',
  week: 'historyGroupWeek',
  older: 'historyGroupOlder',
};

export const PAGE_SIZE = HISTORY_PAGE_SIZE;

export function ConversationList({ onClose }: { onClose: () => void }) {
  const actions = usePanelActions();
  const { store } = actions;
  const [query, setQuery] = useState(actions.historyQuery.peek());
  const shown = actions.historyLimit.value;
  const fileInput = useRef<HTMLInputElement>(null);


  const conversations = store.conversations.value;
  const activeId = store.conversationId.value;
  const error = actions.historyError.value;
  const visible = conversations.slice(0, shown);
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
      <div class="history-groups">
      {(query.trim() ? [{ key: null, conversations: visible }] : groupHistory(visible)).map((group) => (
        <div class="history-group" key={group.key ?? 'results'} data-testid="history-group" data-group={group.key ?? 'results'}>
          {group.key && (
            <h3 class="history-group-title" id={`history-group-${group.key}`}>
              {t(GROUP_TITLES[group.key])}
            </h3>
          )}
          <ul class="conversation-list" aria-labelledby={group.key ? `history-group-${group.key}` : undefined} aria-label={group.key ? undefined : t('historyTitle')}>
            {group.conversations.map((conversation) => (
              <ConversationItem
                key={conversation.id}
                conversation={conversation}
                active={conversation.id === activeId}
                onOpen={() => {
                  actions.openConversation(conversation);
                  onClose();
                }}
              />
            ))}
          </ul>
        </div>
      ))}
      </div>
      {conversations.length === 0 && <p class="history-empty">{query.trim() ? t('historyNoMatches') : t('historyEmpty')}</p>}
      {conversations.length > shown && (
        <button type="button" class="button wide" data-testid="history-more" onClick={() => actions.showMoreHistory()}>
          {query.trim() ? t('historyShowMoreResults') : t('historyShowMore', Math.min(PAGE_SIZE, conversations.length - shown))}
        </button>
      )}
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
