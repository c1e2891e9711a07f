// The options page: defaults, right-click templates, interface, data, about and permissions.
// Saved on change; other surfaces follow through storage.onChanged (no reload).
import { useSignalEffect } from '@preact/signals';
import { useState } from 'preact/hooks';
import { currentLanguage, t } from '@/lib/shared/i18n';
import { LANGUAGES, THEMES, type Language, type Theme } from '@/lib/protocol/settings';
import { MAX_TOKENS_RANGE, TEMPERATURE_RANGE } from '@/lib/pages/actions';
import type { OptionsController } from '@/lib/pages/options';
import { templateTitle, type PromptTemplate } from '@/lib/protocol/templates';
import { Markdown } from './Markdown';
import privacy from '../PRIVACY.md?raw';
import './styles/theme.css';
import './styles/options.css';

const LANGUAGE_LABELS = { auto: 'languageAuto', en: 'languageEnglish', ru: 'languageRussian' } as const;
const THEME_LABELS = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' } as const;

function ModelSelect({ id, value, options, onChange, emptyLabel, testId }: {
  id: string;
  value: string;
  options: OptionsController;
  onChange: (value: string) => void;
  emptyLabel?: string;
  testId: string;
}) {
  const models = options.models.value;
  const known = models.some((m) => m.id === value);
  return (
    <select id={id} data-testid={testId} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {value && !known && <option value={value}>{value}</option>}
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.label}
        </option>
      ))}
    </select>
  );
}

function TemplateEditor({ template, options, onDone }: { template: PromptTemplate; options: OptionsController; onDone: () => void }) {
  const [draft, setDraft] = useState(template);
  const field = (key: keyof PromptTemplate) => (event: Event) => setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement).value });
  const prefix = `tpl-${template.id}`;
  return (
    <form
      class="template-editor"
      data-testid="template-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void options.putTemplate(draft).then((ok) => ok && onDone());
      }}
    >
      <label for={`${prefix}-title`}>{t('optionsTemplateTitle')}</label>
      <input id={`${prefix}-title`} data-testid="template-title" value={draft.title} placeholder={templateTitle({ ...draft, title: '' }, '…')} onInput={field('title')} />
      <label for={`${prefix}-prompt`}>{t('optionsTemplatePrompt')}</label>
      <textarea id={`${prefix}-prompt`} data-testid="template-prompt" rows={5} value={draft.prompt} onInput={field('prompt')} />
      <label for={`${prefix}-model`}>{t('optionsTemplateModel')}</label>
      <ModelSelect id={`${prefix}-model`} testId="template-model" value={draft.model ?? ''} options={options} emptyLabel={t('optionsTemplateModelDefault')} onChange={(model) => setDraft({ ...draft, model: model || undefined })} />
      <label for={`${prefix}-system`}>{t('optionsTemplateSystem')}</label>
      <textarea id={`${prefix}-system`} rows={2} value={draft.system ?? ''} onInput={field('system')} />
      <div class="row-actions">
        <button type="button" class="button" onClick={onDone}>
          {t('actionCancel')}
        </button>
        <button type="submit" class="button primary" data-testid="template-save">
          {t('optionsTemplateSave')}
        </button>
      </div>
    </form>
  );
}

function Templates({ options }: { options: OptionsController }) {
  const [editing, setEditing] = useState<PromptTemplate | null>(null);
  const list = options.templates.value;
  const isNew = editing !== null && !list.some((x) => x.id === editing.id);
  return (
    <section aria-labelledby="templates-heading">
      <h2 id="templates-heading">{t('optionsTemplates')}</h2>
      <p class="help">{t('optionsTemplatesHelp')}</p>
      <ol class="template-list">
        {list.map((template, index) => (
          <li key={template.id} data-testid="template-item">
            {editing?.id === template.id ? (
              <TemplateEditor template={template} options={options} onDone={() => setEditing(null)} />
            ) : (
              <div class="template-row">
                <span class="template-name">{templateTitle(template, '…')}</span>
                <span class="row-actions">
                  <button type="button" class="button" disabled={index === 0} aria-label={t('optionsMoveUp')} title={t('optionsMoveUp')} onClick={() => void options.moveTemplate(template.id, -1)}>
                    ↑
                  </button>
                  <button type="button" class="button" disabled={index === list.length - 1} aria-label={t('optionsMoveDown')} title={t('optionsMoveDown')} onClick={() => void options.moveTemplate(template.id, 1)}>
                    ↓
                  </button>
                  <button type="button" class="button" data-testid="template-edit" onClick={() => setEditing(template)}>
                    {t('optionsTemplateEdit')}
                  </button>
                  <button type="button" class="button" data-testid="template-delete" onClick={() => void options.deleteTemplate(template.id)}>
                    {t('actionDelete')}
                  </button>
                </span>
              </div>
            )}
          </li>
        ))}
        {isNew && editing && (
          <li>
            <TemplateEditor template={editing} options={options} onDone={() => setEditing(null)} />
          </li>
        )}
      </ol>
      <div class="row-actions">
        <button type="button" class="button" data-testid="template-add" onClick={() => setEditing(options.newTemplate())}>
          {t('optionsTemplateAdd')}
        </button>
        <button
          type="button"
          class="button"
          data-testid="template-reset"
          onClick={() => {
            if (confirm(t('optionsTemplateResetConfirm'))) void options.resetTemplates();
          }}
        >
          {t('optionsTemplateReset')}
        </button>
      </div>
    </section>
  );
}

function Data({ options }: { options: OptionsController }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby="data-heading">
      <h2 id="data-heading">{t('optionsData')}</h2>
      <p data-testid="storage-used">{options.storageUsed.value}</p>
      <div class="row-actions">
        <button type="button" class="button" data-testid="export-all" onClick={() => void options.exportAll()}>
          {t('actionExportAll')}
        </button>
        <label class="button file-button">
          {t('actionImport')}
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            data-testid="import-file"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              if (file) void file.text().then((text) => options.importText(text)).finally(() => (input.value = ''));
            }}
          />
        </label>
        <button type="button" class="button danger" data-testid="delete-all" onClick={() => setConfirming(true)}>
          {t('optionsDeleteAll')}
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="delete-confirm-text">
          <p id="delete-confirm-text">{t('optionsDeleteConfirm')}</p>
          <div class="row-actions">
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              {t('actionCancel')}
            </button>
            <button
              type="button"
              class="button danger"
              data-testid="delete-all-confirm"
              onClick={() => {
                setConfirming(false);
                void options.deleteAll();
              }}
            >
              {t('optionsDeleteConfirmAction')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

export function OptionsApp({ options }: { options: OptionsController }) {
  const settings = options.settings.value;
  const status = options.status.value;
  useSignalEffect(() => {
    const theme = options.settings.value.theme;
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    void options.language.value;
    document.documentElement.lang = currentLanguage();
    document.title = t('optionsTitle');
  });

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
          type="number"
          min={MAX_TOKENS_RANGE.min}
          max={MAX_TOKENS_RANGE.max}
          value={settings.maxTokens}
          onChange={(event) => void options.saveSetting({ maxTokens: Number(event.currentTarget.value) })}
        />
        <label for="temperature">{t('settingsTemperature')}</label>
        <input
          id="temperature"
          type="number"
          min={TEMPERATURE_RANGE.min}
          max={TEMPERATURE_RANGE.max}
          step={TEMPERATURE_RANGE.step}
          value={settings.temperature}
          onChange={(event) => void options.saveSetting({ temperature: Number(event.currentTarget.value) })}
        />
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

      <Data options={options} />

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
