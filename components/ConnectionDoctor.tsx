// The options page's Connection section (issue #14): the self-test, the canary's count and the
// bug report, shown in full before it is copied; nothing is sent anywhere. It talks to the
// background only through DoctorApi (lib/protocol/doctor.ts), which the lead wires to the data port.
// Evidence and the report are technical English on purpose: they are meant for a bug tracker.
import { useEffect, useState } from 'preact/hooks';
import type { CanarySnapshot, DoctorApi, SelfTestStep, SelfTestVerdict, StepProgress, WireTransport } from '@/lib/protocol/doctor';
import { t, type MessageKey } from '@/lib/shared/i18n';
import { copyText } from '@/lib/pages/clipboard';
import './styles/doctor.css';

const STEP_LABEL: Record<SelfTestStep, MessageKey> = {
  page: 'doctorStepPage',
  socket: 'doctorStepSocket',
  frames: 'doctorStepFrames',
  models: 'doctorStepModels',
  chat: 'doctorStepChat',
  'http-models': 'doctorStepHttpModels',
  'http-inference': 'doctorStepHttpInference',
  'header-rules': 'doctorStepHeaderRules',
  clearance: 'doctorStepClearance',
};
const STATUS_LABEL: Record<StepProgress['status'], MessageKey> = {
  pass: 'doctorStatusPass',
  fail: 'doctorStatusFail',
  skipped: 'doctorStatusSkipped',
  running: 'doctorStatusRunning',
};
const TRANSPORT_LABEL: Record<WireTransport, MessageKey> = {
  socket: 'doctorTransportSocket',
  http: 'doctorTransportHttp',
  tab: 'doctorTransportTab',
  none: 'doctorTransportNone',
};

export interface ConnectionDoctorProps {
  api: DoctorApi;
  /** The user saw the canary's records (the report opened): clear the header indicator. */
  onCanarySeen?: () => void;
}

export function ConnectionDoctor({ api, onCanarySeen }: ConnectionDoctorProps) {
  const [steps, setSteps] = useState<StepProgress[]>([]);
  const [running, setRunning] = useState(false);
  const [verdict, setVerdict] = useState<SelfTestVerdict | null>(null);
  const [failed, setFailed] = useState(false);
  const [report, setReport] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [canary, setCanary] = useState<CanarySnapshot | null>(null);

  useEffect(() => {
    api.canary().then(setCanary, () => setCanary(null));
  }, [api]);

  const run = async () => {
    setRunning(true);
    setSteps([]);
    setVerdict(null);
    setFailed(false);
    try {
      const result = await api.runSelfTest((progress) => {
        setSteps((list) => [...list.filter((s) => s.step !== progress.step), progress]);
      });
      setSteps(result.steps);
      setVerdict(result.verdict);
    } catch {
      setFailed(true);
    } finally {
      setRunning(false);
    }
  };

  const showReport = async () => {
    setCopied(false);
    try {
      setReport(await api.bugReport());
      onCanarySeen?.();
    } catch {
      setFailed(true);
    }
  };

  return (
    <section aria-labelledby="connection-heading" id="connection" class="connection-doctor">
      <h2 id="connection-heading">{t('doctorTitle')}</h2>
      <p class="hint">{t('doctorIntro')}</p>
      <button type="button" data-testid="self-test" disabled={running} aria-busy={running} onClick={() => void run()}>
        {running ? t('doctorRunning') : t('doctorRun')}
      </button>
      {steps.length > 0 && (
        <ol class="self-test-steps" aria-live="polite">
          {steps.map((s) => (
            <li key={s.step} data-testid="self-test-step" data-step={s.step} data-status={s.status}>
              <strong>{t(STEP_LABEL[s.step])}</strong>
              {' '}
              <span class={`self-test-status ${s.status}`}>{t(STATUS_LABEL[s.status])}</span>
              {s.status !== 'running' && (
                <>
                  {' '}
                  <span class="self-test-ms">{t('doctorMs', String(s.ms))}</span>
                  {' '}
                  <code class="self-test-evidence">{s.evidence}</code>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {verdict && (
        <p data-testid="self-test-verdict" data-transport={verdict.transport} data-era={verdict.era} data-flarechat={verdict.flarechat} role="status">
          {verdict.transport === 'none'
            ? t('doctorVerdictUnknown', t(TRANSPORT_LABEL[verdict.flarechat]))
            : t('doctorVerdict', verdict.era, t(TRANSPORT_LABEL[verdict.transport]), t(TRANSPORT_LABEL[verdict.flarechat]))}
        </p>
      )}
      {failed && <p class="banner error" role="alert">{t('doctorFailed')}</p>}
      {canary && (
        <p data-testid="canary-summary" data-count={canary.records.length} data-unseen={canary.unseen}>
          {canary.records.length === 0 ? t('canaryEmpty') : t('canaryCount', String(canary.records.length), String(canary.unseen))}
        </p>
      )}
      <button type="button" data-testid="bug-report" onClick={() => void showReport()}>
        {t('doctorBugReport')}
      </button>
      {report !== null && (
        <div class="bug-report">
          <p class="hint">{t('doctorBugReportHint')}</p>
          <textarea data-testid="bug-report-text" readOnly rows={16} aria-label={t('doctorBugReportLabel')} value={report} />
          <button type="button" data-testid="bug-report-copy" onClick={() => void copyText(report).then(setCopied)}>
            {copied ? t('copied') : t('doctorCopy')}
          </button>
        </div>
      )}
    </section>
  );
}
