// Pure model-list helpers: rows from `rpc getModels` (Era D) or `GET /api/models` (Eras A–B) into
// ModelInfo, plus the bundled fallback list. Rows are untrusted input: every field is checked.
import { aliasFor } from './aliases';
import { CURRENT_MODELS, MODEL_ALIASES, NON_CHAT_MODEL, RETIRED_MODELS } from './model-table';
import type { ModelInfo } from '@/lib/shared/models';
import { isRecord } from '@/lib/shared/guards';
import { MODEL_ID_MAX_CHARS } from '@/lib/shared/limits';
import { noteUnknown } from './canary-hook';

const TEXT_GENERATION = 'Text Generation';
/** `@cf/meta/llama-3.3-70b-instruct-fp8-fast`: a namespace, then path segments of safe characters. */
const MODEL_ID = /^@[a-z0-9]+(?:\/[A-Za-z0-9._-]+)+$/;
/** A listed model must fit where it is stored and sent (settings, ports). */
const MAX_ID_CHARS = MODEL_ID_MAX_CHARS;
const MAX_DESCRIPTION_CHARS = 1000;

/** The picker's grouping key: the segment after `@cf/` / `@hf/` (e.g. "meta"), else "other". */
export function familyOf(id: string): string {
  const parts = id.split('/');
  if (parts.length >= 3 && (parts[0] === '@cf' || parts[0] === '@hf') && parts[1]) return parts[1];
  return 'other';
}

function propertyMap(properties: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(properties)) return map;
  for (const property of properties) {
    if (isRecord(property) && typeof property.property_id === 'string' && !map.has(property.property_id)) {
      map.set(property.property_id, property.value);
    }
  }
  return map;
}

function toBool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function toPositiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** "2026-12-30", "2026-12-30T00:00:00Z" or "2026-12-30 00:00:00.000" → "2026-12-30"; else undefined. */
function toDay(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\d{4}-[01]\d-[0-3]\d(?![\d-])/.exec(value.trim())?.[0] : undefined;
}

/**
 * The row's properties the picker and the router use (issue #17). Values are strings ("true",
 * "24000"), sometimes real booleans/numbers; anything else is ignored. The context window is
 * `context_window`, else `max_total_tokens`, else `max_input_length` (older rows carry only those:
 * docs/playground-protocol.md "Row shape").
 */
export function modelProperties(properties: Map<string, unknown>): Partial<ModelInfo> {
  const out: Partial<ModelInfo> = {};
  const contextWindow =
    toPositiveInt(properties.get('context_window')) ?? toPositiveInt(properties.get('max_total_tokens')) ?? toPositiveInt(properties.get('max_input_length'));
  if (contextWindow !== undefined) out.contextWindow = contextWindow;
  const flags = { beta: 'beta', functionCalling: 'function_calling', vision: 'vision', paid: 'require_workers_paid', deprecated: 'deprecated' } as const;
  for (const [key, property] of Object.entries(flags) as [keyof typeof flags, string][]) {
    const value = toBool(properties.get(property));
    if (value !== undefined) out[key] = value;
  }
  const deprecatedOn = toDay(properties.get('planned_deprecation_date')) ?? toDay(properties.get('deprecation_date'));
  if (deprecatedOn !== undefined) out.deprecatedOn = deprecatedOn;
  return out;
}

/**
 * Keep text-generation rows with a sane id, hide `-lora` adapters, drop duplicates (first wins).
 * Order is the input order.
 */
export function rowsToModels(rows: unknown[]): ModelInfo[] {
  const out: ModelInfo[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!isRecord(row) || !isRecord(row.task) || row.task.name !== TEXT_GENERATION) continue;
    const id = typeof row.name === 'string' ? row.name.trim() : '';
    if (id.length === 0 || id.length > MAX_ID_CHARS || !MODEL_ID.test(id)) continue;
    if (id.includes('-lora') || seen.has(id)) continue;
    // Not a chat model whatever its task label, or retired (issue #17).
    if (NON_CHAT_MODEL.test(id) || RETIRED_MODELS.has(id)) continue;
    seen.add(id);
    const model: ModelInfo = { id, label: aliasFor(id), family: familyOf(id) };
    if (typeof row.description === 'string' && row.description.trim() !== '') {
      const description = row.description.trim();
      model.description = description.length > MAX_DESCRIPTION_CHARS
        ? `${description.slice(0, MAX_DESCRIPTION_CHARS)}…`
        : description;
    }
    Object.assign(model, modelProperties(propertyMap(row.properties)));
    out.push(model);
  }
  return out;
}

/**
 * `GET /api/models` answers `{"models":[row…]}` (an object, not a top-level array: docs/playground-protocol.md#model-list-shapes).
 * Anything else gives [].
 */
export function parseApiModelsResponse(json: unknown): ModelInfo[] {
  if (!isRecord(json) || !Array.isArray(json.models)) {
    noteUnknown('model-row', json); // issue #14
    return [];
  }
  return rowsToModels(json.models);
}

/**
 * The reply to `rpc getModels`: `{type:"rpc", id, done:true, success:true, result:[row…]}`, as an
 * object or raw frame text. Anything else (a failed or malformed reply) gives null.
 */
export function parseGetModelsResult(rpcFrame: unknown): ModelInfo[] | null {
  let frame = rpcFrame;
  if (typeof frame === 'string') {
    try {
      frame = JSON.parse(frame) as unknown;
    } catch {
      return null;
    }
  }
  if (!isRecord(frame) || frame.type !== 'rpc' || frame.success === false || !Array.isArray(frame.result)) return null;
  return rowsToModels(frame.result);
}

/**
 * The last-resort list: the alias table plus the 2026 models, label = alias; `-lora` adapters,
 * non-chat rows and retired models left out of the picker (issue #17).
 */
export const BUNDLED_MODELS: ModelInfo[] = [...Object.entries(MODEL_ALIASES), ...CURRENT_MODELS]
  .filter(([, id]) => !id.includes('-lora') && !NON_CHAT_MODEL.test(id) && !RETIRED_MODELS.has(id))
  .filter(([, id], index, all) => all.findIndex(([, other]) => other === id) === index)
  .map(([alias, id]): ModelInfo => ({ id, label: alias, family: familyOf(id) }));
