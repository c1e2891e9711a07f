// A user turn: the text in a bubble, plus copy and edit (inline; save resends from here).
import { useComputed } from '@preact/signals';
import { useRef, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { contextBlockTexts, userMessageView } from '@/lib/protocol/context-blocks';
import type { MessageState } from '@/lib/pages/message-states';
import { useActions } from './context';
import { ContextChips } from './ContextChips';
import { CopyButton } from './CopyButton';
import { MessageText } from './MessageText';
import { ActionQuote } from './QuoteChip';
import { EditIcon } from './icons';
import { VersionSwitcher } from './VersionSwitcher';

export function UserMessage({ message }: { message: MessageState }) {
  const actions = useActions();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const busy = actions.store.activeAnswer.value !== null;
  // Page and selection blocks show as "what was sent" chips, not as text (issue #4).
  // A right-click action shows as its name and quote (ActionQuote); its instruction stays hidden (issue #12).
  const shown = useComputed(() => userMessageView(message.text.value).question);

  const startEdit = () => {
    // Edit the user's own words only; the quoted data blocks are sent again after them.
    setValue(userMessageView(message.text.peek()).question);
    setEditing(true);
    queueMicrotask(() => box.current?.focus());
  };
  const save = () => {
    if (value.trim() === '') return;
    // An edited action is the user's own question now: the blocks lose the action's name.
    const blocks = contextBlockTexts(message.text.peek()).map((block) => block.replace(/ action="[^"]*"/, ''));
    actions.edit(message.id, blocks.length ? [value.trim(), ...blocks].join('\n\n') : value);
    setEditing(false);
  };

  if (editing) {
    return (
      <div class="turn user-turn editing">
        <label class="visually-hidden" for={`edit-${message.id}`}>
          {t('editLabel')}
        </label>
        <textarea
          id={`edit-${message.id}`}
          ref={box}
          class="edit-input"
          data-testid="edit-input"
          value={value}
          rows={3}
          onInput={(event) => setValue((event.currentTarget).value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setEditing(false);
            } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
              event.preventDefault();
              save();
            }
          }}
        />
        <div class="edit-actions">
          <button type="button" class="button" onClick={() => setEditing(false)}>
            {t('actionCancel')}
          </button>
          <button type="button" class="button primary" data-testid="edit-save" disabled={value.trim() === ''} onClick={save}>
            {t('actionSaveResend')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div class="turn user-turn">
      <ContextChips text={message.text} />
      <MessageText role="user" status="done" text={shown}>
        <ActionQuote text={message.text} />
      </MessageText>
      <VersionSwitcher messageId={message.id} />
      <div class="message-actions">
        <CopyButton text={() => message.text.peek()} />
        <button
          type="button"
          class="icon-button ghost"
          data-testid="edit"
          title={t('editTitle')}
          aria-label={t('editTitle')}
          disabled={busy}
          onClick={startEdit}
        >
          <EditIcon />
        </button>
      </div>
    </div>
  );
}
