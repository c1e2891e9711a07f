// Per-model behaviour of model churn (issue #17), beside the global `capacity` / `model-deprecated`
// / `model-paid` faults: `modelRules: { '<model id>': { fail, afterTurns? } }` makes that model
// answer `afterTurns` more chats (default 0) and then fail every chat in band with the Workers AI
// text for `fail` (a model retired mid-conversation, one at capacity, one that needs a paid plan).
// Era D only. Like `times`, the count lives in the config and counts down as chats are answered.
import type { EmulatorConfig } from './types';

export const MODEL_RULE_CODES = ['capacity', 'model-deprecated', 'model-paid'] as const;
export type ModelRuleCode = (typeof MODEL_RULE_CODES)[number];

export interface ModelRule {
  fail: ModelRuleCode;
  /** Chats this model still answers before it starts failing (default 0: fail from now on). */
  afterTurns?: number;
}

/** The in-band texts (playground-2026.md "Error codes seen in messages"). */
export const MODEL_ERROR_TEXT: Readonly<Record<ModelRuleCode, string>> = {
  capacity: '3040: Capacity temporarily exceeded, please try again.',
  'model-deprecated': '5028: This model was deprecated on 2026-05-30. Please use an alternative model',
  'model-paid': '5035: This model requires the Workers Paid plan',
};

/** Throws on a rule the emulator does not know (the control API answers 400). */
export function checkModelRules(rules: unknown): asserts rules is Record<string, ModelRule> {
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new Error('modelRules must be an object');
  for (const [id, rule] of Object.entries(rules as Record<string, unknown>)) {
    const r = rule as Partial<ModelRule> | null;
    if (!r || !MODEL_RULE_CODES.includes(r.fail as ModelRuleCode)) throw new Error(`modelRules[${id}].fail must be one of ${MODEL_RULE_CODES.join(', ')}`);
    if (r.afterTurns !== undefined && !(Number.isInteger(r.afterTurns) && r.afterTurns >= 0)) throw new Error(`modelRules[${id}].afterTurns must be a whole number`);
  }
}

/** The error text this chat gets for `model`, or undefined (the chat is answered; one turn counted). */
export function modelRuleError(config: EmulatorConfig, model: string): string | undefined {
  const rule = config.modelRules[model];
  if (!rule) return undefined;
  if ((rule.afterTurns ?? 0) > 0) {
    rule.afterTurns = (rule.afterTurns ?? 0) - 1;
    return undefined;
  }
  return MODEL_ERROR_TEXT[rule.fail];
}
