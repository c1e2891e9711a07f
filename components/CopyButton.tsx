import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { copyText } from '@/lib/pages/clipboard';
import { CheckIcon, CopyIcon } from './icons';

export function CopyButton({ text, label }: { text: () => string; label?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const name = copied ? t('copied') : (label ?? t('copy'));
  return (
    <button
      type="button"
      class="icon-button ghost"
      data-testid="copy"
      title={name}
      aria-label={name}
      onClick={() => void copyText(text()).then(setCopied)}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
