// Tolerant JSON splitting for bodies that may hold several concatenated objects (docs/playground-protocol.md#concatenated-json):
// `{"type":"text-delta",…}{"type":"text-delta",…}` inside one Era D frame body.
import { isRecord } from '@/lib/shared/guards';

export interface SplitResult {
  /** The parsed values, in order. */
  values: unknown[];
  /** Pieces that looked like objects (or stray text) but did not parse. */
  malformed: number;
}

/**
 * `JSON.parse(text)` first: a single valid JSON value is returned as is (an array stays one value).
 * If that fails, split into top-level `{…}` objects, respecting strings and escapes, and parse each.
 * Unparseable pieces and stray non-whitespace text between objects are dropped and counted.
 */
export function splitJsonObjects(text: string): SplitResult {
  if (text.trim() === '') return { values: [], malformed: 0 };
  try {
    return { values: [JSON.parse(text) as unknown], malformed: 0 };
  } catch {
    // Fall through to the splitter.
  }
  const values: unknown[] = [];
  let malformed = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let stray = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 0) {
      if (ch === '{') {
        if (stray) {
          malformed++;
          stray = false;
        }
        depth = 1;
        start = i;
      } else if (ch !== undefined && !/\s/.test(ch)) {
        stray = true;
      }
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) {
        const piece = text.slice(start, i + 1);
        try {
          values.push(JSON.parse(piece) as unknown);
        } catch {
          malformed++;
        }
        start = -1;
      }
    }
  }
  if (depth !== 0 || stray) malformed++; // an unterminated object, or trailing junk
  return { values, malformed };
}

/** Only the plain-object values of a split (UI chunks are always objects). */
export function splitJsonRecords(text: string): { records: Record<string, unknown>[]; malformed: number } {
  const { values, malformed } = splitJsonObjects(text);
  const records: Record<string, unknown>[] = [];
  let bad = malformed;
  for (const value of values) {
    if (isRecord(value)) records.push(value);
    else bad++;
  }
  return { records, malformed: bad };
}
