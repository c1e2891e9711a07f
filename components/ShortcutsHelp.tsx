// Keyboard help (issue #7): a header button and the `?` key open a small non-modal popover listing
// the shortcuts. Also owns the panel-wide keys: Esc stops a streaming answer wherever focus is
// (the composer handles its own Esc first), `/` jumps to the message box.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/lib/shared/i18n';
import { useEscapeLayer } from './escape-layers';
import './styles/shortcuts.css';

/** Key names stay as printed on keyboards; what they do is translated. */
const PANEL_KEYS: Array<{ keys: string[]; what: MessageKey }> = [
  { keys: ['Enter'], what: 'shortcutSend' },
  { keys: ['Shift', 'Enter'], what: 'shortcutNewLine' },
  { keys: ['Esc'], what: 'shortcutStop' },
  { keys: ['/'], what: 'shortcutFocusComposer' },
  { keys: ['?'], what: 'shortcutHelp' },
  { keys: ['Tab'], what: 'shortcutTab' },
];
/** The manifest's suggested keys (wxt.config.ts `commands`); the user may have changed them. */
const BROWSER_KEYS: Array<{ keys: string[]; what: MessageKey }> = [
  { keys: ['Alt', 'Shift', 'F'], what: 'shortcutQuickPrompt' },
  { keys: ['Alt', 'Shift', 'S'], what: 'shortcutOpenPanel' },
  { keys: ['Alt', 'Shift', 'U'], what: 'shortcutSummarize' },
];

/** Typing into a field: single-key shortcuts must not fire. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.isContentEditable || el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

function Keys({ keys }: { keys: string[] }) {
  return (
    <span class="shortcut-keys">
      {keys.map((key, index) => (
        <>
          {index > 0 && <span aria-hidden="true">+</span>}
          <kbd>{key}</kbd>
        </>
      ))}
    </span>
  );
}

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (open) dialog.current?.focus();
  }, [open]);

  useEscapeLayer(open, () => close(true));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        setOpen((was) => !was);
      } else if (event.key === '/') {
        event.preventDefault();
        document.getElementById('composer-input')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div class="shortcuts">
      <button
        ref={button}
        type="button"
        class="icon-button shortcuts-button"
        data-testid="shortcuts-toggle"
        aria-label={t('shortcutsButton')}
        title={t('shortcutsButton')}
        aria-expanded={open}
        aria-controls="shortcuts-popover"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">?</span>
      </button>
      {open && (
        <div
          ref={dialog}
          id="shortcuts-popover"
          class="shortcuts-popover"
          role="dialog"
          aria-labelledby="shortcuts-title"
          tabIndex={-1}
          data-testid="shortcuts-popover"
          onFocusOut={(event) => {
            // Leaving the popover (Tab past its end, a click elsewhere) closes it.
            const next = event.relatedTarget as Node | null;
            if (next && !dialog.current?.contains(next) && next !== button.current) close(false);
          }}
        >
          <h2 id="shortcuts-title" class="shortcuts-title">
            {t('shortcutsTitle')}
          </h2>
          <dl class="shortcuts-list">
            {PANEL_KEYS.map((item) => (
              <div class="shortcut" key={item.what}>
                <dt>
                  <Keys keys={item.keys} />
                </dt>
                <dd>{t(item.what)}</dd>
              </div>
            ))}
          </dl>
          <p class="shortcuts-note">{t('shortcutBrowserNote')}</p>
          <dl class="shortcuts-list">
            {BROWSER_KEYS.map((item) => (
              <div class="shortcut" key={item.what}>
                <dt>
                  <Keys keys={item.keys} />
                </dt>
                <dd>{t(item.what)}</dd>
              </div>
            ))}
          </dl>
          <button type="button" class="button small shortcuts-close" onClick={() => close(true)}>
            {t('actionClose')}
          </button>
        </div>
      )}
    </div>
  );
}
