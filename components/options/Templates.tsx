// The options page's right-click templates: list, reorder, edit, add, delete, reset.
import { useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import type { OptionsController } from '@/lib/pages/options';
import { templateTitle, type PromptTemplate } from '@/lib/protocol/templates';
import { ModelSelect } from './ModelSelect';

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

export function Templates({ options }: { options: OptionsController }) {
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
