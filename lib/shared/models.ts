// The model vocabulary every side shares: what the playground client lists, what the protocol
// sends to the pages, what the picker shows, and the token usage an answer reports.

export interface ModelInfo {
  id: string; // full id, e.g. "@cf/meta/llama-3.3-70b-instruct-fp8-fast"
  label: string; // short display name (alias)
  family: string; // grouping key for the picker, e.g. "meta", "qwen"
  description?: string;
  contextWindow?: number;
  beta?: boolean;
  functionCalling?: boolean;
}

/** Where a model list came from: the live socket, the HTTP API, or the list bundled with the build. */
export type ModelSource = 'socket' | 'http' | 'bundled';

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}
