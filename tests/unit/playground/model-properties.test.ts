// Model rows' properties reach ModelInfo (issue #17): context window, vision, paid plan, deprecation.
import { describe, expect, it } from 'vitest';
import { rowsToModels } from '@/lib/playground/models';

const row = (name: string, properties: { property_id: string; value: unknown }[]) => ({
  name,
  description: '',
  task: { name: 'Text Generation' },
  properties,
});
const p = (property_id: string, value: unknown) => ({ property_id, value });

describe('rowsToModels: properties', () => {
  it.each([
    ['context_window string', [p('context_window', '262144')], { contextWindow: 262_144 }],
    ['max_total_tokens when no context_window', [p('max_total_tokens', '8192'), p('max_input_length', '4096')], { contextWindow: 8192 }],
    ['max_input_length last', [p('max_input_length', '4096')], { contextWindow: 4096 }],
    ['context_window wins over the others', [p('max_total_tokens', '8192'), p('context_window', '32000')], { contextWindow: 32_000 }],
    ['require_workers_paid', [p('require_workers_paid', 'true')], { paid: true }],
    ['require_workers_paid as a boolean', [p('require_workers_paid', true)], { paid: true }],
    ['vision', [p('vision', 'true')], { vision: true }],
    ['deprecated now', [p('deprecated', 'true')], { deprecated: true }],
    ['planned deprecation date', [p('planned_deprecation_date', '2026-12-30')], { deprecatedOn: '2026-12-30' }],
    ['deprecation date with a time', [p('deprecation_date', '2026-12-30 00:00:00.000')], { deprecatedOn: '2026-12-30' }],
    ['junk is ignored', [p('context_window', 'lots'), p('vision', 'maybe'), p('planned_deprecation_date', 'soon'), p('require_workers_paid', 1)], {}],
  ])('%s', (_name, properties, expected) => {
    const [model] = rowsToModels([row('@cf/zai-org/glm-5.2', properties)]);
    const { id: _id, label: _label, family: _family, ...rest } = model;
    expect(rest).toStrictEqual(expected);
  });

  it('non-chat rows never reach the list, whatever their task label', () => {
    const rows = [row('@cf/cloudflare/clef-1', []), row('@cf/meta/llama-guard-3-8b', []), row('@cf/google/gemma-4-26b-a4b-it', [])];
    expect(rowsToModels(rows).map((m) => m.id)).toStrictEqual(['@cf/google/gemma-4-26b-a4b-it']);
  });
});
