// Says plainly that another model answered (issue #17): "GLM-5.2 at capacity, answered by Gemma 4".
// Shown while it streams and afterwards; the fact is stored on the message (Message.failover).
import { t, type MessageKey } from '@/lib/shared/i18n';
import type { ErrorCode } from '@/lib/shared/errors';
import type { ModelInfo } from '@/lib/shared/models';
import type { Message } from '@/lib/protocol/records';

const REASON_KEYS: Partial<Record<ErrorCode, MessageKey>> = {
  capacity: 'failoverCapacity',
  'model-deprecated': 'failoverDeprecated',
  'model-paid': 'failoverPaid',
  'rate-limited': 'failoverRateLimited',
};

/** The picker's label, else the id's last segment (a gone model has left the list). */
function labelOf(id: string, models: readonly ModelInfo[]): string {
  return models.find((m) => m.id === id)?.label ?? id.split('/').pop() ?? id;
}

export function failoverText(message: Message, models: readonly ModelInfo[]): string | null {
  const { failover, model } = message;
  if (!failover || !model) return null;
  return t(REASON_KEYS[failover.reason] ?? 'failoverUnavailable', labelOf(failover.from, models), labelOf(model, models));
}

export function FailoverNotice({ message, models }: { message: Message; models: readonly ModelInfo[] }) {
  const text = failoverText(message, models);
  if (!text) return null;
  return (
    <p class="failover-notice" data-testid="failover-notice" data-from={message.failover?.from} data-reason={message.failover?.reason}>
      {text}
    </p>
  );
}
