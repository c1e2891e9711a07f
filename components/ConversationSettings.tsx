// Per-conversation system prompt, temperature and max tokens (empty = the default from settings),
// plus the panel's appearance (theme, language), which are global settings.
import { t } from '@/lib/shared/i18n';
import { MAX_TOKENS_RANGE, TEMPERATURE_RANGE } from '@/lib/shared/limits';
import type { LanguageSetting, ThemeSetting } from '@/lib/pages/history';
import { useActions } from './context';
import { CloseIcon } from './icons';
import './styles/panels.css';

function parseNumber(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function ConversationSettings({ onClose }: { onClose: () => void }) {
  const actions = useActions();
  const { store } = actions;
  const conversation = store.conversation.value;
  const draft = actions.draftSettings.value;
  const settings = store.settings.value;
  const system = conversation ? conversation.systemPrompt : draft.systemPrompt;
  const temperature = conversation ? conversation.temperature : draft.temperature;
  const maxTokens = conversation ? conversation.maxTokens : draft.maxTokens;

  return (
    <section class="side-sheet settings-sheet" aria-labelledby="settings-title" data-testid="conversation-settings">
      <header class="sheet-header">
        <h2 id="settings-title">{conversation ? t('settingsTitleConversation') : t('settingsTitleNew')}</h2>
        <button type="button" class="icon-button ghost" aria-label={t('actionClose')} title={t('actionClose')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div class="sheet-body">
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
              placeholder={settings.temperature !== undefined ? String(settings.temperature) : t('settingsDefault')}
              onChange={(event) => void actions.updateConversationSettings({ temperature: parseNumber((event.currentTarget).value) })}
            />
            <span class="field-help">{t('settingsTemperatureHelp', TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max)}</span>
          </label>
          <label class="field">
            <span class="field-label">{t('settingsMaxTokens')}</span>
            <input
              type="number"
              data-testid="max-tokens"
              inputMode="numeric"
              min={MAX_TOKENS_RANGE.min}
              max={MAX_TOKENS_RANGE.max}
              step={1}
              value={maxTokens ?? ''}
              placeholder={settings.maxTokens !== undefined ? String(settings.maxTokens) : t('settingsDefault')}
              onChange={(event) => void actions.updateConversationSettings({ maxTokens: parseNumber((event.currentTarget).value) })}
            />
            <span class="field-help">{t('settingsMaxTokensHelp', MAX_TOKENS_RANGE.max.toLocaleString())}</span>
          </label>
        </div>
        <h3 class="sheet-subtitle">{t('settingsAppearance')}</h3>
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
