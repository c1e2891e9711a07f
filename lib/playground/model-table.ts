// The static alias table of xtekky/gpt4free g4f/Provider/Cloudflare.py at fbb55395 / f02d3caa
// (2026-07-15), 54 entries, sorted by alias. Copied from tests/fixtures/playground/model-aliases.json
// (docs/playground-protocol.md#alias-table). Short names are a display/input convenience only: the playground needs full ids.
// It is also the last-resort model list when neither getModels nor /api/models answers.
export const MODEL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'deepseek-coder-6.7b': '@hf/thebloke/deepseek-coder-6.7b-instruct-awq',
  'deepseek-coder-6.7b-base': '@hf/thebloke/deepseek-coder-6.7b-base-awq',
  'deepseek-distill-qwen-32b': '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
  'deepseek-math-7b': '@cf/deepseek-ai/deepseek-math-7b-instruct',
  'discolm-german-7b-v1': '@cf/thebloke/discolm-german-7b-v1-awq',
  'falcon-7b': '@cf/tiiuae/falcon-7b-instruct',
  'gemma-2b-lora': '@cf/google/gemma-2b-it-lora',
  'gemma-3-12b': '@cf/google/gemma-3-12b-it',
  'gemma-4-26b-a4b-it': '@cf/google/gemma-4-26b-a4b-it',
  'gemma-7b': '@hf/google/gemma-7b-it',
  'gemma-7b-it-lora': '@cf/google/gemma-7b-it-lora',
  'gemma-sea-lion-v4-27b': '@cf/aisingapore/gemma-sea-lion-v4-27b-it',
  'glm-4.7-flash': '@cf/zai-org/glm-4.7-flash',
  'glm-5.2': '@cf/zai-org/glm-5.2',
  'gpt-oss-120b': '@cf/openai/gpt-oss-120b',
  'gpt-oss-20b': '@cf/openai/gpt-oss-20b',
  'granite-4.0-h-micro': '@cf/ibm-granite/granite-4.0-h-micro',
  'hermes-2-pro-mistral-7b': '@hf/nousresearch/hermes-2-pro-mistral-7b',
  'kimi-k2.6': '@cf/moonshotai/kimi-k2.6',
  'kimi-k2.7-code': '@cf/moonshotai/kimi-k2.7-code',
  'llama-2-13b': '@hf/thebloke/llama-2-13b-chat-awq',
  'llama-2-7b': '@cf/meta/llama-2-7b-chat-int8',
  'llama-2-7b-fp16': '@cf/meta/llama-2-7b-chat-fp16',
  'llama-2-7b-lora': '@cf/meta-llama/llama-2-7b-chat-hf-lora',
  'llama-3-8b': '@hf/meta-llama/meta-llama-3-8b-instruct',
  'llama-3.1-8b': '@cf/meta/llama-3.1-8b-instruct-fp8',
  'llama-3.2-11b-vision': '@cf/meta/llama-3.2-11b-vision-instruct',
  'llama-3.2-1b': '@cf/meta/llama-3.2-1b-instruct',
  'llama-3.2-3b': '@cf/meta/llama-3.2-3b-instruct',
  'llama-3.3-70b': '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  'llama-4-scout': '@cf/meta/llama-4-scout-17b-16e-instruct',
  'llama-guard-3-8b': '@cf/meta/llama-guard-3-8b',
  'llamaguard-7b': '@hf/thebloke/llamaguard-7b-awq',
  'mistral-7b-v0.1': '@hf/thebloke/mistral-7b-instruct-v0.1-awq',
  'mistral-7b-v0.2': '@hf/mistral/mistral-7b-instruct-v0.2',
  'mistral-7b-v0.2-lora': '@cf/mistral/mistral-7b-instruct-v0.2-lora',
  'mistral-small-3.1-24b': '@cf/mistralai/mistral-small-3.1-24b-instruct',
  'nemotron-3-120b': '@cf/nvidia/nemotron-3-120b-a12b',
  'neural-7b-v3-1': '@hf/thebloke/neural-chat-7b-v3-1-awq',
  'openchat-3.5-0106': '@cf/openchat/openchat-3.5-0106',
  'openhermes-2.5-mistral-7b': '@hf/thebloke/openhermes-2.5-mistral-7b-awq',
  'phi-2': '@cf/microsoft/phi-2',
  'qwen-1.5-1.8b': '@cf/qwen/qwen1.5-1.8b-chat',
  'qwen-1.5-14b': '@cf/qwen/qwen1.5-14b-chat-awq',
  'qwen-1.5-7b': '@cf/qwen/qwen1.5-7b-chat-awq',
  'qwen-2.5-coder-32b': '@cf/qwen/qwen2.5-coder-32b-instruct',
  'qwen1.5-0.5b': '@cf/qwen/qwen1.5-0.5b-chat',
  'qwen3-30b-a3b': '@cf/qwen/qwen3-30b-a3b-fp8',
  'qwq-32b': '@cf/qwen/qwq-32b',
  'sqlcoder-7b-2': '@cf/defog/sqlcoder-7b-2',
  'starling-lm-7b-beta': '@hf/nexusflow/starling-lm-7b-beta',
  'tinyllama-1.1b-v1.0': '@cf/tinyllama/tinyllama-1.1b-chat-v1.0',
  'una-cybertron-7b-v2-bf16': '@cf/fblgit/una-cybertron-7b-v2-bf16',
  'zephyr-7b-beta': '@hf/thebloke/zephyr-7b-beta-awq',
});

/**
 * Retired by Cloudflare on 2026-05-30 (they now fail with 5028; playground-2026.md "Models"). Kept
 * as aliases above (the g4f table is a copy), but never offered: not in the bundled list, and
 * dropped from live lists that still carry them.
 */
export const RETIRED_MODELS: ReadonlySet<string> = new Set([
  '@hf/meta-llama/meta-llama-3-8b-instruct',
  '@cf/meta/llama-3-8b-instruct',
  '@cf/meta/llama-3-8b-instruct-awq',
  '@cf/meta/llama-3.1-8b-instruct',
  '@cf/meta/llama-3.1-8b-instruct-awq',
  '@cf/meta/llama-3.1-8b-instruct-fp8',
  '@cf/meta/llama-3.1-70b-instruct',
  '@cf/meta/llama-2-7b-chat-int8',
  '@cf/meta/llama-2-7b-chat-fp16',
  '@cf/mistral/mistral-7b-instruct-v0.1',
  '@hf/mistral/mistral-7b-instruct-v0.2',
  '@hf/google/gemma-7b-it',
  '@cf/google/gemma-3-12b-it',
  '@hf/nousresearch/hermes-2-pro-mistral-7b',
  '@cf/microsoft/phi-2',
  '@cf/defog/sqlcoder-7b-2',
]);

/**
 * Rows that may be labelled "Text Generation" but do not chat: safety classifiers and Cloudflare's
 * decision models (`@cf/cloudflare/clef*` produce no text). Never offered in the picker.
 */
export const NON_CHAT_MODEL = /^@cf\/cloudflare\/clef|llama-?guard/i;

/** Chat models added in 2026 (playground-2026.md "Models"), with a short label, for the bundled list. */
export const CURRENT_MODELS: readonly (readonly [label: string, id: string])[] = [
  ['deepseek-v4-flash', '@cf/deepseek-ai/deepseek-v4-flash-0731'],
  ['deepseek-v4-pro', '@cf/deepseek-ai/deepseek-v4-pro-0813'],
  ['glm-5.3', '@cf/zai-org/glm-5.3'],
  ['glm-5.3-flash', '@cf/zai-org/glm-5.3-flash'],
  ['qwen3.8-27b', '@cf/qwen/qwen3.8-27b'],
];
