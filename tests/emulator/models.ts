// Model catalog served by the emulator (row shape: docs/playground-protocol.md#model-row).
// Era D `getModels` returns every row (all tasks, unfiltered, like env.AI.models()); Eras A/B
// `GET /api/models` return the text-generation rows without `-lora` names, sorted like the v1 server.

export interface ModelPrice {
  unit: string;
  price: number;
  currency: string;
}

export interface ModelProperty {
  property_id: string;
  value: string | ModelPrice[];
}

export interface ModelRow {
  id: string;
  source: number;
  name: string;
  description: string;
  task: { id: string; name: string; description: string };
  created_at: string;
  tags: string[];
  properties: ModelProperty[];
}

const TEXT_GEN = {
  id: 'c329a1f9-323d-4e91-b2aa-582dd4188d34',
  name: 'Text Generation',
  description:
    'Family of generative text models, such as large language models (LLM), that can be adapted for a variety of natural language tasks.',
};
const EMBEDDINGS = {
  id: '0137cdcf-162a-4108-94f2-1ca59e8c65ee',
  name: 'Text Embeddings',
  description:
    'Feature extraction models transform raw data into numerical features that can be processed while preserving the information in the original data set.',
};
const TTI = {
  id: '3d6e1f35-341b-4915-a6c8-9a7142a9033a',
  name: 'Text-to-Image',
  description: 'Generates images from input text.',
};

function price(input: number, output: number): ModelProperty {
  return {
    property_id: 'price',
    value: [
      { unit: 'per M input tokens', price: input, currency: 'USD' },
      { unit: 'per M output tokens', price: output, currency: 'USD' },
    ],
  };
}
const prop = (property_id: string, value: string): ModelProperty => ({ property_id, value });

export const MODEL_ROWS: readonly ModelRow[] = [
  {
    id: '7a143886-c9bb-4a1c-be95-377b1973bc3b',
    source: 1,
    name: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
    description: 'Llama 3.3 70B quantized to fp8 precision, optimized to be faster.',
    task: TEXT_GEN,
    created_at: '2024-12-06 17:09:18.338',
    tags: [],
    properties: [prop('async_queue', 'true'), prop('context_window', '24000'), price(0.29, 2.25), prop('function_calling', 'true')],
  },
  {
    id: '1f6d8a9e-2b3c-4d5e-8f70-0a1b2c3d4e5f',
    source: 1,
    name: '@cf/moonshotai/kimi-k2.6',
    description: 'Kimi K2.6 is a large mixture-of-experts model with strong agentic and coding abilities.',
    task: TEXT_GEN,
    created_at: '2026-04-20 10:00:00.000',
    tags: [],
    properties: [prop('context_window', '262144'), price(0.6, 2.5), prop('function_calling', 'true')],
  },
  {
    id: '2e7c9b0f-3c4d-4e6f-9a81-1b2c3d4e5f60',
    source: 1,
    name: '@cf/qwen/qwen3-30b-a3b-fp8',
    description: 'Qwen3 30B A3B is a mixture-of-experts model with thinking and non-thinking modes.',
    task: TEXT_GEN,
    created_at: '2025-11-14 12:00:00.000',
    tags: [],
    properties: [prop('context_window', '32768'), price(0.05, 0.34), prop('function_calling', 'true')],
  },
  {
    id: '3f8d0c1a-4d5e-4f70-8b92-2c3d4e5f6071',
    source: 1,
    name: '@cf/openai/gpt-oss-120b',
    description: "OpenAI's open-weight model for production, general purpose, high reasoning use cases.",
    task: TEXT_GEN,
    created_at: '2025-08-05 16:00:00.000',
    tags: [],
    properties: [prop('context_window', '128000'), price(0.35, 0.75)],
  },
  {
    id: '4a9e1d2b-5e6f-4a81-9ca3-3d4e5f607182',
    source: 1,
    name: '@cf/google/gemma-3-12b-it',
    description: 'Gemma 3 models are multimodal, handling text and image input and generating text output.',
    task: TEXT_GEN,
    created_at: '2025-03-18 03:58:02.423',
    tags: [],
    properties: [prop('context_window', '80000'), price(0.35, 0.56), prop('lora', 'true')],
  },
  {
    id: '5b0f2e3c-6f70-4b92-8db4-4e5f60718293',
    source: 1,
    name: '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
    description:
      'DeepSeek-R1-Distill-Qwen-32B is a model distilled from DeepSeek-R1 based on Qwen2.5. It outperforms OpenAI-o1-mini across various benchmarks.',
    task: TEXT_GEN,
    created_at: '2025-01-22 19:48:55.776',
    tags: [],
    properties: [prop('context_window', '80000'), price(0.5, 4.88), prop('terms', 'https://github.com/deepseek-ai/DeepSeek-R1/blob/main/LICENSE')],
  },
  {
    id: '6c1a3f4d-7081-4ca3-9ec5-5f6071829304',
    source: 1,
    name: '@cf/qwen/qwq-32b',
    description: 'QwQ is the reasoning model of the Qwen series.',
    task: TEXT_GEN,
    created_at: '2025-03-05 21:52:40.974',
    tags: [],
    properties: [prop('context_window', '24000'), price(0.66, 1), prop('lora', 'true')],
  },
  {
    id: '7d2b4a5e-8192-4db4-8fd6-607182930415',
    source: 1,
    name: '@cf/meta/llama-3.1-8b-instruct-fp8',
    description: 'Llama 3.1 8B quantized to FP8 precision.',
    task: TEXT_GEN,
    created_at: '2024-07-25 17:46:04.304',
    tags: [],
    properties: [prop('context_window', '32000'), price(0.15, 0.29)],
  },
  {
    id: '8e3c5b6f-92a3-4ec5-90e7-718293041526',
    source: 2,
    name: '@hf/nousresearch/hermes-2-pro-mistral-7b',
    description:
      'Hermes 2 Pro on Mistral 7B is the new flagship 7B Hermes! Hermes 2 Pro is an upgraded, retrained version of Nous Hermes 2.',
    task: TEXT_GEN,
    created_at: '2024-04-01 23:45:53.800',
    tags: [],
    properties: [prop('beta', 'true'), prop('context_window', '24000'), prop('function_calling', 'true')],
  },
  {
    id: '9f4d6c70-a3b4-4fd6-a1f8-829304152637',
    source: 1,
    name: '@cf/mistral/mistral-7b-instruct-v0.2-lora',
    description:
      'The Mistral-7B-Instruct-v0.2 Large Language Model (LLM) is an instruct fine-tuned version of the Mistral-7B-v0.2.',
    task: TEXT_GEN,
    created_at: '2024-04-01 22:14:40.529',
    tags: [],
    properties: [prop('beta', 'true'), prop('context_window', '15000'), prop('lora', 'true')],
  },
  // Issue #17: 2026 rows with the properties the picker shows and the router reads.
  {
    id: 'c27a9f03-d6e7-4a29-941b-152637485960',
    source: 1,
    name: '@cf/zai-org/glm-5.2',
    description: 'GLM-5.2 is a large mixture-of-experts model for agentic coding and reasoning.',
    task: TEXT_GEN,
    created_at: '2026-06-02 09:00:00.000',
    tags: [],
    properties: [prop('context_window', '262144'), price(1, 3.2), prop('function_calling', 'true'), prop('require_workers_paid', 'true')],
  },
  {
    id: 'd38b0a14-e7f8-4b3a-a52c-263748596071',
    source: 1,
    name: '@cf/zai-org/glm-4.7-flash',
    description: 'GLM-4.7 Flash is a fast, small model of the GLM family.',
    task: TEXT_GEN,
    created_at: '2026-01-20 09:00:00.000',
    tags: [],
    properties: [prop('context_window', '131072'), price(0.06, 0.4), prop('function_calling', 'true')],
  },
  {
    id: 'e49c1b25-f809-4c4b-b63d-374859607182',
    source: 1,
    name: '@cf/google/gemma-4-26b-a4b-it',
    description: 'Gemma 4 26B A4B is a multimodal mixture-of-experts model that reads text and images.',
    task: TEXT_GEN,
    created_at: '2026-04-02 09:00:00.000',
    tags: [],
    properties: [prop('context_window', '131072'), price(0.1, 0.3), prop('vision', 'true')],
  },
  {
    id: 'f5ad2c36-091a-4d5c-874e-485960718293',
    source: 1,
    name: '@cf/mistralai/mistral-small-3.1-24b-instruct',
    description: 'Mistral Small 3.1 (2503) adds state-of-the-art vision understanding and a long context.',
    task: TEXT_GEN,
    created_at: '2025-03-18 03:28:37.890',
    tags: [],
    properties: [prop('context_window', '128000'), price(0.35, 0.56), prop('vision', 'true'), prop('planned_deprecation_date', '2026-12-30')],
  },
  // Labelled Text Generation, but not chat: a safety classifier and a decision model (no text output).
  {
    id: '06be3d47-1a2b-4e6d-985f-596071829304',
    source: 1,
    name: '@cf/meta/llama-guard-3-8b',
    description: 'Llama Guard 3 is a content safety classifier.',
    task: TEXT_GEN,
    created_at: '2025-01-22 23:26:23.495',
    tags: [],
    properties: [prop('context_window', '131072'), price(0.48, 0.03)],
  },
  {
    id: '17cf4e58-2b3c-4f7e-a960-607182930415',
    source: 1,
    name: '@cf/cloudflare/clef-1',
    description: 'A decision model: it returns a choice, not text.',
    task: TEXT_GEN,
    created_at: '2026-05-12 09:00:00.000',
    tags: [],
    properties: [prop('context_window', '8192')],
  },
  {
    id: 'a05e7d81-b4c5-4e07-b209-930415263748',
    source: 1,
    name: '@cf/baai/bge-m3',
    description: 'Multi-Functionality, Multi-Linguality, and Multi-Granularity embeddings model.',
    task: EMBEDDINGS,
    created_at: '2024-05-22 19:27:09.781',
    tags: [],
    properties: [prop('context_window', '60000'), { property_id: 'price', value: [{ unit: 'per M input tokens', price: 0.012, currency: 'USD' }] }],
  },
  {
    id: 'b16f8e92-c5d6-4f18-830a-041526374859',
    source: 1,
    name: '@cf/black-forest-labs/flux-1-schnell',
    description: 'FLUX.1 [schnell] is a 12 billion parameter rectified flow transformer capable of generating images from text descriptions.',
    task: TTI,
    created_at: '2024-08-29 16:37:39.541',
    tags: [],
    properties: [{ property_id: 'price', value: [{ unit: 'per 512 by 512 tile', price: 0.000053, currency: 'USD' }] }],
  },
];

/** Models that emit reasoning chunks on every answer (besides the `/reason` directive). */
export const REASONING_MODELS: ReadonlySet<string> = new Set([
  '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
  '@cf/qwen/qwq-32b',
]);

/** Every row of the "Text Generation" task: the names a chat may use (Era D and HTTP eras). */
export function isChatModel(name: string): boolean {
  return MODEL_ROWS.some((r) => r.name === name && r.task.name === 'Text Generation');
}

/** `GET /api/models` list of Eras A/B: text generation, no `-lora`, sorted by the name's last segment. */
export function apiModelRows(): ModelRow[] {
  return MODEL_ROWS.filter((r) => r.task.name === 'Text Generation' && !r.name.includes('-lora')).sort((a, b) =>
    (a.name.split('/')[2] ?? '').localeCompare(b.name.split('/')[2] ?? ''),
  );
}
