// Short model names (g4f's convention, docs/playground-protocol.md#alias-table). The playground only accepts full ids: aliases are
// resolved before a request is built, and used as display labels.
import { DEFAULT_MODEL } from '../shared/config';
import { MODEL_ALIASES } from './model-table';

const ALIAS_TO_ID = new Map<string, string>(Object.entries(MODEL_ALIASES));
const ID_TO_ALIAS = new Map<string, string>();
for (const [alias, id] of ALIAS_TO_ID) ID_TO_ALIAS.set(id, alias);

/** Step 2 deletions, in this order (plain substrings, every occurrence). */
const DELETIONS = ['-instruct', '-17b-16e', '-chat', '-fp8', '-fast', '-int8', '-awq', '-qvq', '-r1'];

/** g4f's `clean_name`, step by step as in docs/playground-protocol.md#alias-table (gpt4free f02d3caa). */
export function cleanName(id: string): string {
  let name = id.slice(id.lastIndexOf('/') + 1); // 1. text after the last "/"
  for (const part of DELETIONS) name = name.split(part).join(''); // 2.
  name = name.split('meta-llama-').join('llama-'); // 3.
  name = name.split('-it').join(''); // 4.
  name = name.split('qwen-').join('qwen'); // 5.
  name = name.split('qwen').join('qwen-'); // 6.
  return name;
}

/**
 * What to send for a user-typed model: an alias maps to its id; a full id or any unknown string
 * passes through unchanged (trimmed); empty means the default model.
 */
export function resolveModel(nameOrAlias: string | undefined | null): string {
  const name = (nameOrAlias ?? '').trim();
  if (name === '') return DEFAULT_MODEL;
  return ALIAS_TO_ID.get(name) ?? name;
}

/** The short label of a full id: the table's alias when it has one, else `cleanName`. */
export function aliasFor(id: string): string {
  return ID_TO_ALIAS.get(id) ?? cleanName(id);
}
