// "Retrying in N s…" while the background has an automatic retry scheduled for this answer.
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';

export function RetryCountdown({ retryAt }: { retryAt: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (retryAt <= Date.now()) return;
    // Ticks until zero, then stops (issue #11: it used to tick for as long as the message showed).
    const timer = setInterval(() => {
      const time = Date.now();
      setNow(time);
      if (time >= retryAt) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  const seconds = Math.ceil((retryAt - now) / 1000);
  if (seconds <= 0) return null;
  return (
    <p class="error-hint" data-testid="retry-countdown" aria-live="polite">
      {t('retryingIn', seconds)}
    </p>
  );
}
