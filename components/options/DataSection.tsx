// The options page's data section: storage used, export all, import, delete all (confirmed).
import { readImportFile } from '@/lib/shared/import-size';
import { useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import type { OptionsController } from '@/lib/pages/options';

export function DataSection({ options }: { options: OptionsController }) {
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
              if (file) void options.importText(readImportFile(file)).finally(() => (input.value = ''));
            }}
          />
        </label>
        <button type="button" class="button danger" data-testid="delete-all" onClick={() => setConfirming(true)}>
          {t('optionsDeleteAll')}
        </button>
      </div>
      {options.importProgress.value && (
        // Indeterminate (no value) while the file is parsed, then conversations written of the total.
        <progress
          data-testid="import-progress"
          aria-label={t('actionImport')}
          max={options.importProgress.value.total || undefined}
          value={options.importProgress.value.total ? options.importProgress.value.done : undefined}
        />
      )}
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
