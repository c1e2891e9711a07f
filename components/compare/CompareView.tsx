// A comparison (issue #15): one labelled region per answer, side by side when the panel is wide
// enough and stacked cards when narrow (a container query in compare.css, from 320 px). Each
// column: model name, its own Stop, the answer (a normal [data-testid=message]), its own error and
// recovery, time to first token, tokens per second, finish reason, and "Continue with this one".
import { t } from '@/lib/shared/i18n';
import { canChoose, isTerminal, phaseOf } from '@/lib/protocol/compare';
import type { MessageState } from '@/lib/pages/message-states';
import { chooseColumn, stopAllColumns, stopColumn } from '@/lib/pages/compare';
import { copyText } from '@/lib/pages/clipboard';
import { useActions } from '../context';
import { ErrorNotice } from '../ErrorNotice';
import { metaParts } from '../MessageMeta';
import { MessageText } from '../MessageText';
import { Reasoning } from '../Reasoning';
import { PlayIcon, StopIcon } from '../icons';
import './compare.css';

const copyCode = (code: string): void => void copyText(code);

function formatMs(ms: number): string {
  return ms < 1000 ? t('metaMilliseconds', Math.round(ms)) : t('metaSeconds', (ms / 1000).toFixed(1));
}

function Column({ message }: { message: MessageState }) {
  const actions = useActions();
  const record = message.record.value;
  const status = record.status;
  const live = !isTerminal(phaseOf(record));
  const active = status === 'queued' || status === 'streaming';
  const models = actions.store.models.value;
  const name = record.model ? (metaParts({ ...record, transport: undefined, finishReason: undefined, usage: undefined, timings: undefined }, models)[0] ?? record.model) : '';
  const timings = record.timings;
  const stats = [
    timings?.firstTokenMs !== undefined ? t('metaFirstToken', formatMs(timings.firstTokenMs)) : '',
    timings?.tokensPerSecond !== undefined ? t('metaTokensPerSecond', timings.tokensPerSecond.toFixed(1)) : '',
    record.finishReason ? t('compareFinish', record.finishReason) : '',
  ].filter(Boolean);
  return (
    <section class={`compare-column status-${status}`} data-testid="compare-column" data-model={record.model ?? ''} aria-label={t('compareColumnLabel', name)}>
      <header class="compare-column-head">
        <h3 class="compare-model-name" title={record.model}>
          {name}
        </h3>
        {live && (
          <button type="button" class="icon-button ghost" data-testid="compare-stop" title={t('compareStop')} aria-label={t('compareStop')} onClick={() => stopColumn(actions, message.id)}>
            <StopIcon size={14} />
          </button>
        )}
      </header>
      <Reasoning text={message.reasoning} active={active} />
      {status === 'queued' && <p class="queued-note">{t('statusQueued')}</p>}
      <MessageText role="assistant" status={status} text={message.text} onCopyCode={copyCode} />
      {active && <span class="typing" aria-hidden="true" />}
      {status === 'stopped' && <p class="stopped-note">{t('statusStopped')}</p>}
      <ErrorNotice message={record} />
      <p class="message-meta compare-meta" data-testid="compare-meta">
        {stats.join(' · ')}
      </p>
      {canChoose(record) && (
        <button type="button" class="button small" data-testid="compare-choose" onClick={() => chooseColumn(actions, message.id)}>
          <PlayIcon size={12} />
          {t('compareChoose')}
        </button>
      )}
    </section>
  );
}

export function CompareView({ group, columns }: { group: string; columns: MessageState[] }) {
  const actions = useActions();
  const anyActive = columns.some((c) => !isTerminal(phaseOf(c.record.value)));
  return (
    <div class="compare-view" data-testid="compare-view" data-compare-group={group}>
      <div class="compare-view-head">
        <h2 class="compare-title">{t('compareViewLabel')}</h2>
        {anyActive && (
          <button type="button" class="button small" data-testid="compare-stop-all" onClick={() => stopAllColumns(actions, group)}>
            <StopIcon size={12} />
            {t('compareStopAll')}
          </button>
        )}
      </div>
      <div class="compare-columns" style={{ '--compare-count': columns.length }}>
        {columns.map((c) => (
          <Column key={c.id} message={c} />
        ))}
      </div>
    </div>
  );
}
