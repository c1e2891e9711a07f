// Per-conversation system prompt, temperature and max tokens (empty = the default from settings),
// plus the panel's appearance (theme, language), which are global settings: two headed groups.
// An out-of-range number is brought into range and explained beside its field, never silently (issue #12).
import { useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { MAX_TOKENS_RANGE, TEMPERATURE_RANGE } from '@/lib/shared/limits';
import type { LanguageSetting, ThemeSetting } from '@/lib/pages/history';
import { fitWithNote, type NumberRange } from '@/lib/pages/number-field';
import { useActions } from './context';
import { CloseIcon } from './icons';
import './styles/panels.css';

export function ConversationSettings({ onClose }: { onClose: () => void }) {
  const actions = useActions();
  const { store } = actions;
  const conversation = store.conversation.value;
  const draft = actions.draftSettings.value;
  const settings = store.settings.value;
  const system = conversation ? conversation.systemPrompt : draft.systemPrompt;
  const temperature = conversation ? conversation.temperature : draft.temperature;
  const maxTokens = conversation ? conversation.maxTokens : draft.maxTokens;
  // A typed value out of range is brought into range and the field says so beside it (issue #12).
  const [temperatureNote, setTemperatureNote] = useState<string | null>(null);
  const [maxTokensNote, setMaxTokensNote] = useState<string | null>(null);
  const fit = (raw: string, range: NumberRange, whole: boolean, setNote: (text: string | null) => void) => {
    const { value, note } = fitWithNote(raw, range, whole);
    setNote(note);
    return value;
  };
  // Only the HTTP transport sends max_tokens (lib/playground/request-bodies.ts); the socket's chat
  // request and setConfig carry none, so the field is shown only once this chat has gone over HTTP.
  const sendsMaxTokens = store.messages.value.some((m) => m.role === 'assistant' && m.record.value.transport === 'http');

  return (
    <section class="side-sheet settings-sheet" aria-labelledby="settings-title" data-testid="conversation-settings">
      <header class="sheet-header">
        <h2 id="settings-title">{conversation ? t('settingsTitleConversation') : t('settingsTitleNew')}</h2>
        <button type="button" class="icon-button ghost" aria-label={t('actionClose')} title={t('actionClose')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div class="sheet-body">
        {/* issue #12: what belongs to this chat and what applies everywhere, visibly apart. */}
        <h3 class="sheet-subtitle" data-testid="settings-scope-chat">{t('settingsScopeChat')}</h3>
        <label class="field">
          <span class="field-label">{t('settingsSystemPrompt')}</span>
          <textarea
            data-testid="system-prompt"
            rows={4}
            value={system ?? ''}
            placeholder={settings.systemPrompt || t('settingsSystemPromptPlaceholder')}
            onChange={(event) => void actions.updateConversationSettings({ systemPrompt: (event.currentTarget).value })}
          />
        </label>
        <div class="field-row">
          <label class="field">
            <span class="field-label">{t('settingsTemperature')}</span>
            <input
              type="number"
              data-testid="temperature"
              inputMode="decimal"
              min={TEMPERATURE_RANGE.min}
              max={TEMPERATURE_RANGE.max}
              step={TEMPERATURE_RANGE.step}
              value={temperature ?? ''}
              aria-invalid={temperatureNote !== null}
              aria-describedby="temperature-help"
              placeholder={settings.temperature !== undefined ? String(settings.temperature) : t('settingsDefault')}
              onChange={(event) => {
                const temperature = fit(event.currentTarget.value, TEMPERATURE_RANGE, false, setTemperatureNote);
                void actions.updateConversationSettings({ temperature });
              }}
            />
            {temperatureNote !== null ? (
              <span class="field-error" id="temperature-help" role="alert" data-testid="temperature-error">
                {temperatureNote}
              </span>
            ) : (
              <span class="field-help" id="temperature-help">{t('settingsTemperatureHelp', TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max)}</span>
            )}
          </label>
          {sendsMaxTokens && <label class="field">
            <span class="field-label">{t('settingsMaxTokens')}</span>
            <input
              type="number"
              data-testid="max-tokens"
              inputMode="numeric"
              min={MAX_TOKENS_RANGE.min}
              max={MAX_TOKENS_RANGE.max}
              step={1}
              value={maxTokens ?? ''}
              aria-invalid={maxTokensNote !== null}
              aria-describedby="max-tokens-help"
              placeholder={settings.maxTokens !== undefined ? String(settings.maxTokens) : t('settingsDefault')}
              onChange={(event) => {
                const maxTokens = fit(event.currentTarget.value, MAX_TOKENS_RANGE, true, setMaxTokensNote);
                void actions.updateConversationSettings({ maxTokens });
              }}
            />
            {maxTokensNote !== null ? (
              <span class="field-error" id="max-tokens-help" role="alert" data-testid="max-tokens-error">
                {maxTokensNote}
              </span>
            ) : (
              <span class="field-help" id="max-tokens-help">{t('settingsMaxTokensHelp', MAX_TOKENS_RANGE.max.toLocaleString())}</span>
            )}
          </label>}
        </div>
        <h3 class="sheet-subtitle settings-scope-global" data-testid="settings-scope-global">{t('settingsScopeGlobal')}</h3>
        <div class="field-row">
          <label class="field">
            <span class="field-label">{t('settingsTheme')}</span>
            <select
              data-testid="theme"
              value={settings.theme ?? 'system'}
              onChange={(event) => void actions.updateSettings({ theme: (event.currentTarget).value as ThemeSetting })}
            >
              <option value="system">{t('themeSystem')}</option>
              <option value="light">{t('themeLight')}</option>
              <option value="dark">{t('themeDark')}</option>
            </select>
          </label>
          <label class="field">
            <span class="field-label">{t('settingsLanguage')}</span>
            <select
              data-testid="language"
              value={settings.language ?? 'auto'}
              onChange={(event) => void actions.updateSettings({ language: (event.currentTarget).value as LanguageSetting })}
            >
              <option value="auto">{t('languageAuto')}</option>
              <option value="en">{t('languageEnglish')}</option>
              <option value="ru">{t('languageRussian')}</option>
            </select>
          </label>
        </div>
      </div>
    </section>
  );
}
