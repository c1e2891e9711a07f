// One row of the history: open on click; rename inline, pin, export, delete from its menu.
import type { LiHTMLAttributes } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { currentLanguage, t } from '@/lib/shared/i18n';
import type { Conversation } from '@/lib/protocol/records';
import { plainText } from '@/lib/shared/plain-text';
import { rowTime } from '@/lib/pages/row-time';
import { usePanelActions } from './context';
import { useEscapeLayer } from './escape-layers';
import { onMenuButtonKey, onMenuKey } from './menu-keys';
import { MoreIcon, PinIcon } from './icons';

/** `rowProps`: the windowed list's place for the row (data-index, top, aria-posinset/setsize). */
export function ConversationItem({
  conversation,
  active,
  onOpen,
  rowProps,
}: {
  conversation: Conversation;
  active: boolean;
  onOpen: () => void;
  rowProps?: LiHTMLAttributes<HTMLLIElement>;
}) {
  const actions = usePanelActions();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const menu = useRef<HTMLDetailsElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const closeMenu = () => menu.current?.removeAttribute('open');
  // Esc closes the open menu first and puts focus back on its button (issue #12).
  useEscapeLayer(menuOpen, () => {
    closeMenu();
    menu.current?.querySelector('summary')?.focus();
  });

  if (renaming) {
    const commit = () => {
      setRenaming(false);
      if (title.trim() && title.trim() !== conversation.title) void actions.rename(conversation.id, title);
    };
    return (
      <li {...rowProps} class="conversation-row renaming">
        <input
          class="rename-input"
          data-testid="rename-input"
          aria-label={t('renameLabel')}
          value={title}
          ref={(el) => el?.focus()}
          onInput={(event) => setTitle((event.currentTarget).value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            } else if (event.key === 'Escape') {
              event.preventDefault();
              setTitle(conversation.title);
              setRenaming(false);
            }
          }}
        />
      </li>
    );
  }

  return (
    <li {...rowProps} class={active ? 'conversation-row active' : 'conversation-row'}>
      <button type="button" class="conversation-item" data-testid="conversation-item" aria-current={active ? 'true' : undefined} onClick={onOpen}>
        <span class="conversation-title">
          {conversation.pinned && (
            <span class="pin-mark" data-testid="pin-mark" role="img" aria-label={t('conversationPinnedLabel')} title={t('conversationPinnedLabel')}>
              <PinIcon size={12} />
            </span>
          )}
          <span class="conversation-title-text">{conversation.title}</span>
        </span>
        {/* Previews are cut Markdown: shown as plain text (issue #12). */}
        {conversation.preview && <span class="conversation-preview">{plainText(conversation.preview)}</span>}
        <time class="conversation-time" dateTime={new Date(conversation.updatedAt).toISOString()}>
          {rowTime(conversation.updatedAt, currentLanguage())}
        </time>
      </button>
      <details class="row-menu" ref={menu} onToggle={(event) => setMenuOpen(event.currentTarget.open)}>
        <summary
          class="icon-button ghost"
          data-testid="row-menu-button"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-label={t('conversationMenu', conversation.title)}
          title={t('conversationMenuTitle')}
          onKeyDown={(event) =>
            onMenuButtonKey(event, () => {
              if (menu.current) menu.current.open = true;
              return menu.current?.querySelector<HTMLElement>('[role=menu]') ?? null;
            })
          }
        >
          <MoreIcon />
        </summary>
        <div class="menu" role="menu" aria-label={t('conversationMenuTitle')} onKeyDown={(event) => onMenuKey(event, event.currentTarget, closeMenu)}>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => { closeMenu(); setTitle(conversation.title); setRenaming(true); }}>
            {t('actionRename')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => { closeMenu(); void actions.togglePin(conversation); }}>
            {conversation.pinned ? t('actionUnpin') : t('actionPin')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => { closeMenu(); void actions.exportConversation(conversation, 'markdown'); }}>
            {t('actionExportMarkdown')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => { closeMenu(); void actions.exportConversation(conversation, 'json'); }}>
            {t('actionExportJson')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} class="danger" data-testid="delete-conversation" onClick={() => { closeMenu(); void actions.remove(conversation); }}>
            {t('actionDelete')}
          </button>
        </div>
      </details>
    </li>
  );
}
