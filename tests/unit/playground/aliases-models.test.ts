import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { aliasFor, cleanName, resolveModel } from '@/lib/playground/aliases';
import { MODEL_ALIASES } from '@/lib/playground/model-table';
import { BUNDLED_MODELS, familyOf, parseApiModelsResponse, parseGetModelsResult, rowsToModels } from '@/lib/playground/models';
import { fixtureText, lines } from './helpers';

const TABLE = JSON.parse(fixtureText('playground/model-aliases.json')) as Record<string, string>;
const FLAGGED = ['gemma-4-26b-a4b-it', 'gemma-7b-it-lora', 'llama-2-7b-lora', 'nemotron-3-120b', 'qwen1.5-0.5b', 'qwen3-30b-a3b'];

describe('cleanName (docs/playground-protocol.md#alias-table)', () => {
  it.each([
    ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', 'llama-3.3-70b'],
    ['@hf/meta-llama/meta-llama-3-8b-instruct', 'llama-3-8b'],
    ['@cf/google/gemma-3-12b-it', 'gemma-3-12b'],
    ['@cf/deepseek-ai/deepseek-r1-distill-qwen-32b', 'deepseek-distill-qwen-32b'],
    ['@cf/qwen/qwen1.5-14b-chat-awq', 'qwen-1.5-14b'],
    ['@cf/meta/llama-4-scout-17b-16e-instruct', 'llama-4-scout'],
    // the ⚑ vectors
    ['@cf/google/gemma-4-26b-a4b-it', 'gemma-4-26b-a4b'],
    ['@cf/google/gemma-7b-it-lora', 'gemma-7b-lora'],
    ['@cf/meta-llama/llama-2-7b-chat-hf-lora', 'llama-2-7b-hf-lora'],
    ['@cf/nvidia/nemotron-3-120b-a12b', 'nemotron-3-120b-a12b'],
    ['@cf/qwen/qwen1.5-0.5b-chat', 'qwen-1.5-0.5b'],
    ['@cf/qwen/qwen3-30b-a3b-fp8', 'qwen-3-30b-a3b'],
    ['no-slash-at-all-instruct', 'no-slash-at-all'],
  ])('%s → %s', (id, alias) => expect(cleanName(id)).toBe(alias));

  it('reproduces every table key except exactly the six ⚑ hand edits', () => {
    const mismatched = Object.entries(TABLE).filter(([alias, id]) => cleanName(id) !== alias).map(([alias]) => alias);
    expect(mismatched).toStrictEqual(FLAGGED);
  });
});

describe('resolveModel / aliasFor', () => {
  it('the TS table is the fixture table', () => {
    expect({ ...MODEL_ALIASES }).toStrictEqual(TABLE);
    expect(Object.keys(MODEL_ALIASES)).toHaveLength(54);
  });
  it('every alias resolves to its id, and every id maps back to its alias', () => {
    for (const [alias, id] of Object.entries(TABLE)) {
      expect(resolveModel(alias)).toBe(id);
      expect(aliasFor(id)).toBe(alias);
    }
  });
  it('full ids and unknown strings pass through; empty means the default', () => {
    expect(resolveModel('@cf/meta/llama-3.3-70b-instruct-fp8-fast')).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast');
    expect(resolveModel('@cf/new/model-x')).toBe('@cf/new/model-x');
    expect(resolveModel('  kimi-k2.6 ')).toBe('@cf/moonshotai/kimi-k2.6');
    expect(resolveModel('constructor')).toBe('constructor');
    expect(resolveModel('__proto__')).toBe('__proto__');
    expect(resolveModel('')).toBe(DEFAULT_MODEL);
    expect(resolveModel('   ')).toBe(DEFAULT_MODEL);
    expect(resolveModel(undefined)).toBe(DEFAULT_MODEL);
  });
  it('aliasFor falls back to cleanName for ids outside the table', () => {
    expect(aliasFor('@cf/acme/super-model-instruct-fp8')).toBe('super-model');
  });
});

const row = (name: string, extra: Record<string, unknown> = {}) => ({
  id: 'u', source: 1, name, description: `about ${name}`,
  task: { id: 't', name: 'Text Generation', description: '' }, created_at: '', tags: [], properties: [], ...extra,
});

describe('rowsToModels', () => {
  it('the getModels fixture row', () => {
    const rpc = JSON.parse(lines('playground/agents-ws-frames.jsonl')[4]) as { result: unknown[] };
    expect(rowsToModels(rpc.result)).toStrictEqual([{
      id: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
      label: 'llama-3.3-70b',
      family: 'meta',
      description: 'Llama 3.3 70B quantized to fp8 precision, optimized to be faster.',
      contextWindow: 24000,
      functionCalling: true,
    }]);
  });
  it('keeps Text Generation only, hides -lora, dedupes, reads beta/context/function_calling defensively', () => {
    const rows: unknown[] = [
      row('@cf/qwen/qwen3-30b-a3b-fp8', { properties: [
        { property_id: 'beta', value: 'true' },
        { property_id: 'context_window', value: '32000' },
        { property_id: 'function_calling', value: 'false' },
        { property_id: 'price', value: [{ unit: 'x', price: 1, currency: 'USD' }] },
      ] }),
      row('@cf/baai/bge-m3', { task: { id: 't2', name: 'Text Embeddings', description: '' } }),
      row('@cf/google/gemma-7b-it-lora'),
      row('@cf/qwen/qwen3-30b-a3b-fp8'),
      row('@hf/thebloke/zephyr-7b-beta-awq', { description: 42, properties: [{ property_id: 'context_window', value: 'lots' }] }),
      row('<img src=x onerror=alert(1)>'),
      row(''),
      { name: '@cf/x/no-task' },
      null,
      'string row',
      row('@cf/meta/llama-3.2-1b-instruct', { properties: 'nope' }),
    ];
    expect(rowsToModels(rows)).toStrictEqual([
      { id: '@cf/qwen/qwen3-30b-a3b-fp8', label: 'qwen3-30b-a3b', family: 'qwen', description: 'about @cf/qwen/qwen3-30b-a3b-fp8',
        contextWindow: 32000, beta: true, functionCalling: false },
      { id: '@hf/thebloke/zephyr-7b-beta-awq', label: 'zephyr-7b-beta', family: 'thebloke' },
      { id: '@cf/meta/llama-3.2-1b-instruct', label: 'llama-3.2-1b', family: 'meta', description: 'about @cf/meta/llama-3.2-1b-instruct' },
    ]);
  });
  it('era-d capture: the embeddings row is filtered out', () => {
    const frame = fixtureText('playground/server-captures/era-d-frames.jsonl').split('\n')
      .map((l) => (l ? (JSON.parse(l) as { dir: string; raw?: string }) : null))
      .find((f) => f?.dir === 'in' && f.raw?.includes('rpc-models-1'));
    expect(parseGetModelsResult(frame!.raw)?.map((m) => m.id)).toStrictEqual([
      '@cf/moonshotai/kimi-k2.6', '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
    ]);
  });
});

describe('parseApiModelsResponse / parseGetModelsResult', () => {
  it('GET /api/models is an object with a models key', () => {
    const models = parseApiModelsResponse(JSON.parse(fixtureText('playground/api-models.json')));
    // Three chat rows; @cf/mistral/mistral-7b-instruct-v0.1 was retired on 2026-05-30 (issue #17).
    expect(models.map((m) => m.id)).toEqual(['@hf/thebloke/deepseek-coder-6.7b-base-awq', '@cf/meta/llama-3.3-70b-instruct-fp8-fast']);
    expect(models[0]).toMatchObject({ id: '@hf/thebloke/deepseek-coder-6.7b-base-awq', label: 'deepseek-coder-6.7b-base', family: 'thebloke' });
  });
  it('a top-level array or junk is not accepted', () => {
    expect(parseApiModelsResponse([row('@cf/a/b')])).toStrictEqual([]);
    expect(parseApiModelsResponse(null)).toStrictEqual([]);
    expect(parseApiModelsResponse({ models: 'x' })).toStrictEqual([]);
  });
  it('rpc results: success, failure, malformed', () => {
    expect(parseGetModelsResult({ type: 'rpc', id: '1', done: true, success: true, result: [row('@cf/a/b')] }))
      .toStrictEqual([{ id: '@cf/a/b', label: 'b', family: 'a', description: 'about @cf/a/b' }]);
    expect(parseGetModelsResult({ type: 'rpc', id: '1', success: false, error: 'nope' })).toBeNull();
    expect(parseGetModelsResult('{not json')).toBeNull();
    expect(parseGetModelsResult({ type: 'cf_agent_state' })).toBeNull();
  });
});

describe('BUNDLED_MODELS', () => {
  it('is the table minus -lora ids, label = alias', () => {
    expect(BUNDLED_MODELS.some((m) => m.id.includes('-lora'))).toBe(false);
    expect(BUNDLED_MODELS.find((m) => m.id === '@cf/qwen/qwen3-30b-a3b-fp8')).toStrictEqual({
      id: '@cf/qwen/qwen3-30b-a3b-fp8', label: 'qwen3-30b-a3b', family: 'qwen',
    });
  });
  it('drops retired and non-chat models and gains the 2026 ones (issue #17)', () => {
    const ids = BUNDLED_MODELS.map((m) => m.id);
    for (const retired of ['@cf/google/gemma-3-12b-it', '@hf/google/gemma-7b-it', '@hf/nousresearch/hermes-2-pro-mistral-7b', '@cf/meta/llama-2-7b-chat-int8',
      '@cf/meta/llama-2-7b-chat-fp16', '@hf/meta-llama/meta-llama-3-8b-instruct', '@hf/mistral/mistral-7b-instruct-v0.2', '@cf/microsoft/phi-2', '@cf/defog/sqlcoder-7b-2'])
      expect(ids).not.toContain(retired);
    expect(ids.some((id) => /guard/.test(id))).toBe(false);
    for (const current of ['@cf/deepseek-ai/deepseek-v4-flash-0731', '@cf/deepseek-ai/deepseek-v4-pro-0813', '@cf/zai-org/glm-5.2', '@cf/zai-org/glm-5.3',
      '@cf/moonshotai/kimi-k2.6', '@cf/moonshotai/kimi-k2.7-code', '@cf/openai/gpt-oss-120b', '@cf/google/gemma-4-26b-a4b-it', '@cf/nvidia/nemotron-3-120b-a12b', '@cf/ibm-granite/granite-4.0-h-micro'])
      expect(ids).toContain(current);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('live rows: non-chat models (classifiers, clef decision models) and retired ones never reach the picker', () => {
    const row = (name: string) => ({ name, task: { name: 'Text Generation' }, properties: [] });
    expect(rowsToModels(['@cf/cloudflare/clef-1', '@cf/meta/llama-guard-3-8b', '@cf/microsoft/phi-2', '@cf/zai-org/glm-5.2'].map(row)).map((m) => m.id)).toEqual(['@cf/zai-org/glm-5.2']);
  });
  it('familyOf', () => {
    expect(familyOf('@hf/nousresearch/hermes-2-pro-mistral-7b')).toBe('nousresearch');
    expect(familyOf('@xx/a/b')).toBe('other');
    expect(familyOf('plain')).toBe('other');
  });
});
