// Reading an import file: size, then JSON, then the envelope (format, version), then the valibot
// schema of export-import-fields.ts, a slice of conversations at a time. Unknown fields are
// dropped; known ones must be well-formed, and the error names the first problem: "<where> must be
// <what> (<what it is>)." `sessionName` is never read from a file: it works like a password for
// the server-side state (issue #11); importData gives a fresh one.
import * as v from 'valibot';
import { isRecord } from '@/lib/shared/guards';
import { importTooLarge } from '@/lib/shared/import-size';
import { MAX_IMPORT_BYTES } from '@/lib/shared/limits';
import { visiblePath } from '@/lib/protocol/branches';
import { knownChoices } from './message-tree';
import { checkLinks, conversationSchema, describe, fileSchema, firstProblem, Problem } from './export-import-fields';
import { canonicalConversation, EXPORT_FORMAT, EXPORT_VERSION, type ExportedConversation, type ExportFile } from './export-import';

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export type ParseResult = { ok: true; data: ExportFile } | { ok: false; error: string };

/** Conversations validated per step of parseImportInSlices (about 2,000 messages: ~15 ms). */
export const PARSE_SLICE_CONVERSATIONS = 100;

/** Parses and validates an export file; on failure `error` names the first problem in plain words. */
export function parseImport(text: string): ParseResult {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * parseImport for the worker: the same result, but it gives the event loop back between slices of
 * PARSE_SLICE_CONVERSATIONS conversations (issue #16: validating a 16 MB import in one task held
 * the worker for ~0.5 s, and every answer streaming meanwhile, in any window, stalled with it).
 */
export async function parseImportInSlices(text: string, yieldNow: () => Promise<unknown> = () => new Promise((resolve) => setTimeout(resolve, 0))): Promise<ParseResult> {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldNow();
  }
}

/** An issue found in a slice, placed at its conversation's index in the whole file. */
function inFile(issue: v.BaseIssue<unknown>, offset: number): v.BaseIssue<unknown> {
  const path = issue.path?.map((item, i) => (i === 1 && typeof item.key === 'number' ? { ...item, key: item.key + offset } : item));
  return { ...issue, path } as v.BaseIssue<unknown>;
}

/** The parse, one step per slice of conversations (a `yield` where the worker may breathe). */
function* parseSteps(text: string): Generator<void, ParseResult> {
  // Before JSON.parse. (A page checks File.size before reading it at all: readImportFile.)
  const tooLarge = importTooLarge(text.length > MAX_IMPORT_BYTES ? text.length : utf8Length(text));
  if (tooLarge) return { ok: false, error: tooLarge };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  yield;
  try {
    if (!isRecord(parsed)) throw new Problem('The file is not a FlareChat export (expected a JSON object).');
    if (parsed.format !== EXPORT_FORMAT) {
      throw new Problem(`The file is not a FlareChat export (format is ${describe(parsed.format)}, expected "${EXPORT_FORMAT}").`);
    }
    if (parsed.version === undefined) throw new Problem('The file has no export version, so it cannot be read safely.');
    if (parsed.version !== EXPORT_VERSION) {
      throw new Problem(`This export has version ${describe(parsed.version)}; this version of FlareChat reads version ${EXPORT_VERSION}.`);
    }
    // The envelope first (exportedAt, a list of conversations), then the list a slice at a time:
    // the same checks in the same order as one safeParse of the whole file, and the same first problem.
    const all = parsed.conversations;
    const envelope = v.safeParse(fileSchema, { ...parsed, conversations: Array.isArray(all) ? [] : all }, { abortEarly: true });
    if (!envelope.success) throw new Problem(firstProblem(envelope.issues[0]));
    const valid: v.InferOutput<typeof conversationSchema>[] = [];
    const list = all as unknown[];
    for (let at = 0; at < list.length; at += PARSE_SLICE_CONVERSATIONS) {
      const slice = v.safeParse(fileSchema, { exportedAt: envelope.output.exportedAt, conversations: list.slice(at, at + PARSE_SLICE_CONVERSATIONS) }, { abortEarly: true });
      if (!slice.success) throw new Problem(firstProblem(inFile(slice.issues[0], at)));
      valid.push(...slice.output.conversations);
      yield;
    }
    checkLinks(valid);
    const conversations: ExportedConversation[] = valid.map(({ messages, branch, ...conversation }) => {
      const choices = knownChoices(branch, messages);
      const counted = { ...conversation, ...(choices && { branch: choices }), messageCount: visiblePath(messages, choices).length };
      return canonicalConversation(counted, messages.map((message) => ({ ...message })));
    });
    return { ok: true, data: { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: envelope.output.exportedAt, conversations } };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, error: error.message };
    throw error;
  }
}
