// Issue #17 on the page: an answer that proved its model retired (5028) or paid-only (5035) takes
// that model out of the picker at once; the background remembers it too (storage/gone-models.ts).
import { MODEL_GONE_CODES } from '@/lib/shared/errors';
import type { Signal } from '@preact/signals';
import type { ServerMessage } from '@/lib/protocol/messages';
import type { Message } from '@/lib/protocol/records';
import type { ModelInfo } from '@/lib/shared/models';

/** The model an ended answer proved gone for this install, failed over or not. */
export function goneModelOf(message: Message): string | undefined {
  if (message.status === 'error' && message.error && MODEL_GONE_CODES.includes(message.error.code)) return message.model;
  if (message.failover && MODEL_GONE_CODES.includes(message.failover.reason)) return message.failover.from;
  return undefined;
}

/** After the store handled a frame: an ended answer that proved its model gone takes it out of the list. */
export function dropGoneModel(models: Signal<ModelInfo[]>, frame: ServerMessage): void {
  if (frame.type !== 'chat-end' && frame.type !== 'chat-error') return;
  const message = frame.type === 'chat-error' && !frame.message.error ? { ...frame.message, error: { code: frame.code, message: frame.error } } : frame.message;
  const gone = goneModelOf(message);
  if (gone && models.peek().some((m) => m.id === gone)) models.value = models.peek().filter((m) => m.id !== gone);
}
