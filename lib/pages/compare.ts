// Compare models side by side (issue #15), the page's part: the model slots (the last choice is
// the global setting `compareModels`, so the side panel and the popup's handed comparisons share
// it, and it is saved through the data port like every setting: issue #10), starting a
// comparison, Stop one / Stop all / "Continue with this one", and which comparison the
// conversation shows open.
import { signal } from '@preact/signals';
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { defaultModelOf, type ModelInfo } from '@/lib/shared/models';
import { COMPARE_MAX_MODELS, COMPARE_MIN_MODELS, columnsOf } from '@/lib/protocol/compare';
import type { ChatActions } from './actions';
import type { ChatStore } from './chat-store';
import { newRequestId } from './ids';
import type { MessageState } from './message-states';

/** Whether the slot picker is open in the composer. */
export const compareOpen = signal(false);

/** The remembered choice (read with .value, so a component that calls it follows the settings). */
export function rememberedModels(store: ChatStore): string[] {
  return store.settings.value.compareModels ?? [];
}

/**
 * Saves the choice as a setting, only when it changed: every save is a settings-changed broadcast
 * to every open page, which a comparison run again on the same models does not need.
 */
function remember(actions: ChatActions, models: string[]): void {
  const chosen = [...new Set(models.filter(Boolean))].slice(0, COMPARE_MAX_MODELS);
  const current = actions.store.settings.peek().compareModels ?? [];
  if (chosen.length === current.length && chosen.every((id, i) => id === current[i])) return;
  void actions.updateSettings({ compareModels: chosen });
}

/**
 * The slots to show: the remembered choice, dropping models the live list no longer has; an empty
 * choice starts with the selected model and the best other one.
 */
export function effectiveSlots(slots: readonly string[], models: readonly ModelInfo[], selected: string): string[] {
  const known = (id: string) => models.length === 0 || models.some((m) => m.id === id);
  const kept = slots.filter((id) => id !== '' && known(id));
  const out = [...new Set(kept)];
  const fallbackFirst = selected && known(selected) ? selected : defaultModelOf(models, DEFAULT_MODEL);
  if (out.length === 0) out.push(fallbackFirst);
  if (out.length < COMPARE_MIN_MODELS) {
    const other = [...models].map((m) => m.id).find((id) => !out.includes(id) && id !== fallbackFirst) ?? models.find((m) => !out.includes(m.id))?.id;
    if (other) out.push(other);
  }
  // A third slot is optional: '' shows "none".
  while (out.length < COMPARE_MAX_MODELS) out.push('');
  return out;
}

/** The user chose `model` (or '' = none) for slot `index`. */
export function setSlot(actions: ChatActions, index: number, model: string): void {
  const { store } = actions;
  const next = effectiveSlots(store.settings.peek().compareModels ?? [], store.models.peek(), store.selectedModel.peek());
  next[index] = model;
  remember(actions, next);
}

/**
 * Sends the prompt to the chosen models. Returns an error key when it cannot start (fewer than two
 * different models), or null when it was sent.
 */
export function startComparison(actions: ChatActions, text: string): 'compareNeedTwo' | null {
  const store = actions.store;
  const models = [...new Set(effectiveSlots(store.settings.peek().compareModels ?? [], store.models.peek(), store.selectedModel.peek()).filter(Boolean))];
  if (models.length < COMPARE_MIN_MODELS) return 'compareNeedTwo';
  remember(actions, models);
  const requestId = newRequestId();
  const conversationId = store.conversationId.peek();
  store.notice.value = null;
  store.followRequest.value++;
  store.lastPrompt = { requestId, text };
  if (!conversationId) {
    store.pending.value = { requestId, text };
    store.contentVersion.value++;
  }
  const draft = conversationId ? {} : actions.draftSettings.peek();
  const options = {
    ...(draft.systemPrompt && { system: draft.systemPrompt }),
    ...(draft.temperature !== undefined && { temperature: draft.temperature }),
    ...(draft.maxTokens !== undefined && { maxTokens: draft.maxTokens }),
  };
  actions.client.send({ type: 'compare-start', requestId, ...(conversationId && { conversationId }), text, models, ...(Object.keys(options).length > 0 && { options }) });
  compareOpen.value = false;
  return null;
}

export function stopColumn(actions: ChatActions, messageId: string): void {
  const conversationId = actions.store.conversationId.peek();
  if (conversationId) actions.client.send({ type: 'compare-stop', conversationId, messageId });
}

export function stopAllColumns(actions: ChatActions, compareGroup: string): void {
  const conversationId = actions.store.conversationId.peek();
  if (conversationId) actions.client.send({ type: 'compare-stop', conversationId, compareGroup });
}

export function chooseColumn(actions: ChatActions, messageId: string): void {
  const conversationId = actions.store.conversationId.peek();
  if (!conversationId) return;
  // Its model becomes the conversation's (the background stores it): the picker follows at once.
  const model = actions.store.getMessage(messageId)?.record.peek().model;
  if (model) actions.store.selectedModel.value = model;
  actions.client.send({ type: 'compare-choose', conversationId, messageId });
}

/**
 * The comparison to show as columns at `message` (an answer of the visible path): its group's
 * answers while none was chosen yet. Null = show the message as usual (a chosen comparison's
 * other answers are alternatives, reachable through the version switcher).
 */
export function openComparisonAt(store: ChatStore, message: MessageState): { group: string; columns: MessageState[] } | null {
  const group = message.record.value.compareGroup;
  if (message.role !== 'assistant' || !group) return null;
  const records = store.messages.value.map((m) => m.record.value);
  const columns = columnsOf(records, group);
  if (columns.some((c) => c.compareChosen)) return null;
  const states = columns.map((c) => store.getMessage(c.id)).filter((s): s is MessageState => s !== undefined);
  return states.length > 0 ? { group, columns: states } : null;
}
