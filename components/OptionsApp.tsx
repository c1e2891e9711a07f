// The options page: defaults, right-click templates, interface, data, about and permissions.
// Saved on change by the background (data port); other surfaces follow its pushed events (no reload).
import { useSignalEffect } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { currentLanguage, t } from '@/lib/shared/i18n';
import { LANGUAGES, THEMES, type Language, type Theme } from '@/lib/protocol/settings';
import { MAX_TOKENS_RANGE, TEMPERATURE_RANGE } from '@/lib/shared/limits';
import type { OptionsController } from '@/lib/pages/options';
import { fitWithNote } from '@/lib/pages/number-field';
import { CONNECTION_SECTION } from '@/lib/pages/doctor-client';
import type { PageDoctor } from '@/lib/pages/port-doctor';
import { ConnectionDoctor } from './ConnectionDoctor';
import { DataSection } from './options/DataSection';
import { ModelSelect } from './options/ModelSelect';
import { Templates } from './options/Templates';
import { Markdown } from './Markdown';
import privacy from '../PRIVACY.md?raw';
import './styles/theme.css';
import './styles/options.css';

const LANGUAGE_LABELS = { auto: 'languageAuto', en: 'languageEnglish', ru: 'languageRussian' } as const;
const THEME_LABELS = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' } as const;

export function OptionsApp({ options, doctor }: { options: OptionsController; doctor?: PageDoctor }) {
  const settings = options.settings.value;
  const status = options.status.value;
  const [notes, setNotes] = useState<{ maxTokens?: string | null; temperature?: string | null }>({});
  useSignalEffect(() => {
    const theme = options.settings.value.theme;
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    void options.language.value;
    document.documentElement.lang = currentLanguage();
    document.title = t('optionsTitle');
  });
  // Opened at #connection (the panel's canary mark, an error's self-test link): go there, and the
  // user has now seen the canary.
  useEffect(() => {
    if (!doctor || location.hash !== `#${CONNECTION_SECTION}`) return;
    document.getElementById(CONNECTION_SECTION)?.scrollIntoView();
    void doctor.markCanarySeen().catch(() => {});
  }, [doctor]);

  return (
    <main class="options" key={options.language.value}>
      <h1>{t('optionsTitle')}</h1>
      <p class="status" role="status" data-testid="options-status">
        {status ? <span class={status.error ? 'status-error' : undefined}>{status.text}</span> : null}
      </p>

      <section aria-labelledby="defaults-heading">
        <h2 id="defaults-heading">{t('optionsDefaults')}</h2>
        <label for="default-model">{t('optionsDefaultModel')}</label>
        <ModelSelect id="default-model" testId="default-model" value={settings.defaultModel} options={options} onChange={(defaultModel) => void options.saveSetting({ defaultModel })} />
        <label for="system-prompt">{t('settingsSystemPrompt')}</label>
        <textarea
          id="system-prompt"
          data-testid="default-system-prompt"
          rows={3}
          value={settings.systemPrompt}
          placeholder={t('settingsSystemPromptPlaceholder')}
          onChange={(event) => void options.saveSetting({ systemPrompt: event.currentTarget.value })}
        />
        <label for="max-tokens">{t('settingsMaxTokens')}</label>
        <input
          id="max-tokens"
          data-testid="default-max-tokens"
          type="number"
          min={MAX_TOKENS_RANGE.min}
          max={MAX_TOKENS_RANGE.max}
          aria-describedby="max-tokens-help"
          value={settings.maxTokens}
          onChange={(event) => {
            const { value, note } = fitWithNote(event.currentTarget.value, MAX_TOKENS_RANGE, true);
            setNotes({ ...notes, maxTokens: note });
            if (value !== undefined) void options.saveSetting({ maxTokens: value });
          }}
        />
        {/* issue #12: only the HTTP route sends max_tokens (lib/playground/request-bodies.ts). */}
        <p class="hint" id="max-tokens-help" role={notes.maxTokens ? 'alert' : undefined} data-testid="default-max-tokens-help">
          {notes.maxTokens ?? t('optionsMaxTokensHttpOnly')}
        </p>
        <label for="temperature">{t('settingsTemperature')}</label>
        <input
          id="temperature"
          data-testid="default-temperature"
          type="number"
          min={TEMPERATURE_RANGE.min}
          max={TEMPERATURE_RANGE.max}
          step={TEMPERATURE_RANGE.step}
          aria-describedby={notes.temperature ? 'temperature-note' : undefined}
          value={settings.temperature}
          onChange={(event) => {
            const { value, note } = fitWithNote(event.currentTarget.value, TEMPERATURE_RANGE, false);
            setNotes({ ...notes, temperature: note });
            if (value !== undefined) void options.saveSetting({ temperature: value });
          }}
        />
        {notes.temperature && (
          <p class="hint" id="temperature-note" role="alert" data-testid="default-temperature-note">
            {notes.temperature}
          </p>
        )}
        <SettingCheck id="auto-failover" checked={settings.autoFailover} label={t('settingsAutoFailover')} help={t('settingsAutoFailoverHelp')} onChange={(autoFailover) => void options.saveSetting({ autoFailover })} />
        <SettingCheck id="model-titles" checked={settings.modelTitles} label={t('settingsModelTitles')} help={t('settingsModelTitlesHelp')} onChange={(modelTitles) => void options.saveSetting({ modelTitles })} />
      </section>

      <Templates options={options} />

      <section aria-labelledby="interface-heading">
        <h2 id="interface-heading">{t('optionsInterface')}</h2>
        <label for="language">{t('settingsLanguage')}</label>
        <select id="language" data-testid="language" value={settings.language} onChange={(event) => void options.saveSetting({ language: event.currentTarget.value as Language })}>
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {t(LANGUAGE_LABELS[lang])}
            </option>
          ))}
        </select>
        <label for="theme">{t('settingsTheme')}</label>
        <select id="theme" value={settings.theme} onChange={(event) => void options.saveSetting({ theme: event.currentTarget.value as Theme })}>
          {THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(THEME_LABELS[theme])}
            </option>
          ))}
        </select>
        <p class="help">{t('optionsShortcuts')}</p>
      </section>

      <DataSection options={options} />

      {doctor && <ConnectionDoctor api={doctor} onCanarySeen={() => void doctor.markCanarySeen().catch(() => {})} />}

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">{t('optionsAbout')}</h2>
        <table class="permissions" data-testid="permissions">
          <thead>
            <tr>
              <th scope="col">{t('optionsPermission')}</th>
              <th scope="col">{t('optionsPermissionWhy')}</th>
            </tr>
          </thead>
          <tbody>
            {options.permissions().map((row) => (
              <tr key={row.name}>
                <td>
                  <code>{row.name}</code>
                </td>
                <td>{t(row.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <details class="privacy" data-testid="privacy">
          <summary>{t('optionsPrivacy')}</summary>
          <Markdown text={privacy} />
        </details>
      </section>
    </main>
  );
}

/** An on/off setting with its help line; `id` is also its data-testid (the e2e hooks use it). */
function SettingCheck({ id, checked, label, help, onChange }: { id: string; checked: boolean | undefined; label: string; help: string; onChange: (checked: boolean) => void }) {
  return (
    <>
      <label class="check" for={id}>
        <input id={id} type="checkbox" data-testid={id} checked={checked} aria-describedby={`${id}-help`} onChange={(event) => onChange(event.currentTarget.checked)} />{' '}
        {label}
      </label>
      <p class="help" id={`${id}-help`}>
        {help}
      </p>
    </>
  );
}
