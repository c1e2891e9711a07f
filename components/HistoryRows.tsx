// The history rows, windowed (issue #16): only the rows near the viewport are in the DOM, at
// offsets from HistoryLayout, and the page cache (lib/pages/history-pages.ts) holds only the pages
// near them, so the panel's memory stays flat however far the user scrolls. Pages load as the list
// scrolls (wheel, scrollbar or keys). Keyboard: Up/Down, PageUp/PageDown, Home/End move between
// rows (End follows the list to its real end); the focused row stays rendered when scrolled away,
// so its menu, an inline rename and the arrow keys keep working. Screen readers get each row's
// place from aria-posinset/aria-setsize (-1 while the end is not known yet).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LiHTMLAttributes, TargetedKeyboardEvent } from 'preact';
import { t } from '@/lib/shared/i18n';
import type { MessageKey } from '@/lib/shared/i18n';
import type { HistoryGroupKey } from '@/lib/pages/history-groups';
import { usePanelActions } from './context';
import { ConversationItem } from './ConversationItem';
import { HistoryLayout } from './history-window';

const GROUP_TITLES: Record<HistoryGroupKey, MessageKey> = {
  pinned: 'historyGroupPinned',
  today: 'historyGroupToday',
  yesterday: 'historyGroupYesterday',
  week: 'historyGroupWeek',
  older: 'historyGroupOlder',
};

/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 6;
/** Until measured (the CSS fixes both heights: .history-window in panels.css). */
const DEFAULT_ROW = 56;
const DEFAULT_TITLE = 28;
const DEFAULT_VIEWPORT = 600;

const MOVES: Record<string, (index: number, page: number) => number | 'end'> = {
  ArrowDown: (i) => i + 1,
  ArrowUp: (i) => i - 1,
  PageDown: (i, page) => i + page,
  PageUp: (i, page) => i - page,
  Home: () => 0,
  End: () => 'end',
};

export function HistoryRows({ query, onOpened }: { query: string; onOpened: () => void }) {
  const actions = usePanelActions();
  const pages = actions.historyPages;
  void pages.version.value; // re-render on every page change
  const activeId = actions.store.conversationId.value;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const [sizes, setSizes] = useState({ row: DEFAULT_ROW, title: DEFAULT_TITLE });
  /** The row that has (or last had) focus: kept rendered and its page kept in memory. */
  const [focused, setFocused] = useState<number | null>(null);
  /** A row keyboard focus is moving to (rendered as soon as the scroll puts it in the window). */
  const [target, setTarget] = useState<number | null>(null);
  const [chasingEnd, setChasingEnd] = useState(false);

  const grouped = !query.trim();
  const count = pages.count;
  const layout = new HistoryLayout({ rowHeight: sizes.row, headerHeight: sizes.title, count, groups: grouped ? pages.groups : new Map() });
  const first = Math.max(0, layout.indexAt(scrollTop) - OVERSCAN);
  const last = Math.min(count - 1, layout.indexAt(scrollTop + viewport) + OVERSCAN);

  // A new search starts at the top.
  const listed = useRef(query);
  if (listed.current !== query) {
    listed.current = query;
    if (scroller.current) scroller.current.scrollTop = 0;
    if (scrollTop !== 0) setScrollTop(0);
    if (focused !== null) setFocused(null);
  }

  useLayoutEffect(() => {
    pages.setWindow(first, last, focused ?? undefined);
  }, [pages, first, last, focused, count]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el?.clientHeight && el.clientHeight !== viewport) setViewport(el.clientHeight);
    const row = el?.querySelector<HTMLElement>('.conversation-row')?.offsetHeight;
    const title = el?.querySelector<HTMLElement>('.history-group-title')?.offsetHeight;
    if ((row && row !== sizes.row) || (title && title !== sizes.title)) setSizes({ row: row || sizes.row, title: title || sizes.title });
  });

  const scrollTo = (index: number) => {
    const el = scroller.current;
    const top = layout.top(index);
    let next = scrollTop;
    if (top - sizes.title < scrollTop) next = Math.max(0, top - sizes.title);
    else if (top + sizes.row > scrollTop + viewport) next = top + sizes.row - viewport;
    if (el) el.scrollTop = next;
    setScrollTop(next);
  };

  const moveTo = (index: number | 'end') => {
    setChasingEnd(index === 'end' && !pages.isComplete);
    const clamped = Math.max(0, Math.min(count - 1, index === 'end' ? count - 1 : index));
    setTarget(clamped);
    scrollTo(clamped);
  };

  // Focus follows the keyboard's target once it is rendered; End keeps following the list's end
  // (the last row is a "loading" row until the last page is read).
  useLayoutEffect(() => {
    if (chasingEnd) {
      if (target !== count - 1) return moveTo('end');
      if (pages.isComplete && pages.row(count - 1)) setChasingEnd(false);
    }
    if (target === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`li[data-index="${target}"]`);
    const button = row?.querySelector<HTMLElement>('.conversation-item') ?? row;
    if (button && document.activeElement !== button) button.focus();
    if (row?.querySelector('.conversation-item') && !chasingEnd) setTarget(null);
  });

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLUListElement>) => {
    const from = event.target as HTMLElement;
    const move = MOVES[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey || !from.matches('.conversation-item, .placeholder')) return;
    event.preventDefault();
    const index = Number(from.closest('li')?.dataset.index);
    moveTo(move(index, Math.max(1, Math.floor(viewport / sizes.row) - 1)));
  };

  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);
  // In index order, so Tab and the focus trap's "next control" follow the list.
  if (focused !== null && focused < count && focused < first) indexes.unshift(focused);
  if (focused !== null && focused < count && focused > last) indexes.push(focused);
  const setSize = pages.isComplete ? count : -1;
  const place = (index: number): LiHTMLAttributes<HTMLLIElement> & { 'data-index': string } => ({
    'data-index': String(index),
    style: { top: `${layout.top(index)}px` },
    'aria-posinset': index + 1,
    'aria-setsize': setSize,
  });

  return (
    <div
      class="history-groups"
      ref={scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onWheel={() => setChasingEnd(false)}
    >
      {/* Group titles sit beside the list, not in it: its items are the conversations only (axe "list"). */}
      <div class="history-window" style={{ height: `${layout.height}px` }}>
        {grouped &&
          layout.titlesIn(first, last).map((title) => (
            <h3 key={`g-${title.key}`} class="history-group-title" data-testid="history-group" data-group={title.key} style={{ top: `${title.top}px` }}>
              {t(GROUP_TITLES[title.key])}
            </h3>
          ))}
        <ul
          class="conversation-list"
          data-testid="history-list"
          aria-label={t('historyTitle')}
          onKeyDown={onKeyDown}
          onFocusIn={(event) => {
            const index = (event.target as HTMLElement).closest<HTMLElement>('li[data-index]')?.dataset.index;
            if (index !== undefined) setFocused(Number(index));
          }}
        >
          {indexes.map((index) => {
            const conversation = pages.row(index);
            if (!conversation) {
              return (
                <li key={`p-${index}`} class="conversation-row placeholder" tabIndex={-1} aria-busy="true" {...place(index)}>
                  {t('historyRowLoading')}
                </li>
              );
            }
            return (
              <ConversationItem
                key={conversation.id}
                conversation={conversation}
                active={conversation.id === activeId}
                rowProps={place(index)}
                onOpen={() => {
                  actions.openConversation(conversation);
                  onOpened();
                }}
              />
            );
          })}
        </ul>
      </div>
    </div>
  );
}
