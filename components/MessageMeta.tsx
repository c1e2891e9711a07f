// The quiet line under an answer: model, "via playground tab" (the tab fallback), finish reason, usage, time to first token, tokens/s.
import { t } from '@/lib/shared/i18n';
import type { ModelInfo } from '@/lib/shared/models';
import type { Message } from '@/lib/protocol/records';

function formatSeconds(ms: number): string {
  return ms < 1000 ? t('metaMilliseconds', Math.round(ms)) : t('metaSeconds', (ms / 1000).toFixed(1));
}

export function metaParts(message: Message, models: readonly ModelInfo[]): string[] {
  const parts: string[] = [];
  if (message.model) parts.push(models.find((m) => m.id === message.model)?.label ?? message.model.split('/').pop() ?? message.model);
  if (message.transport === 'tab') parts.push(t('metaViaTab'));
  if (message.finishReason && message.finishReason !== 'stop') parts.push(t('metaFinish', message.finishReason));
  const usage = message.usage;
  if (usage?.promptTokens !== undefined || usage?.completionTokens !== undefined) {
    parts.push(t('metaTokens', usage.promptTokens ?? '?', usage.completionTokens ?? '?'));
  }
  const timings = message.timings;
  if (timings?.firstTokenMs !== undefined) parts.push(t('metaFirstToken', formatSeconds(timings.firstTokenMs)));
  if (timings?.tokensPerSecond !== undefined) parts.push(t('metaTokensPerSecond', timings.tokensPerSecond.toFixed(1)));
  return parts;
}

export function MessageMeta({ message, models }: { message: Message; models: readonly ModelInfo[] }) {
  const parts = metaParts(message, models);
  if (parts.length === 0) return null;
  return (
    <p class="message-meta" data-testid="message-meta" title={message.model}>
      {parts.join(' · ')}
    </p>
  );
}
