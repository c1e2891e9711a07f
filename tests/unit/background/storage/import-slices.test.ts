// The worker's import parse gives the event loop back between slices of conversations (issue #16):
// the same result and the same first problem as parseImport, with the problem's index counted in
// the whole file, not in its slice.
import { describe, expect, it } from 'vitest';
import { PARSE_SLICE_CONVERSATIONS, parseImport, parseImportInSlices } from '@/lib/background/storage/export-import-schema';

function file(n: number, broken?: (conversations: Record<string, unknown>[]) => void): string {
  const now = 1_800_000_000_000;
  const conversations = Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    title: `Chat ${i}`,
    createdAt: now,
    updatedAt: now - i,
    pinned: false,
    messageCount: 1,
    messages: [{ id: `c${i}-m0`, conversationId: `c${i}`, seq: 0, role: 'user', text: `hello ${i}`, status: 'done', createdAt: now, updatedAt: now }],
  })) as Record<string, unknown>[];
  broken?.(conversations);
  return JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: now, conversations });
}

async function sliced(text: string) {
  let yields = 0;
  const result = await parseImportInSlices(text, () => Promise.resolve(yields++));
  return { result, yields };
}

describe('import parse in slices', () => {
  it('yields once after JSON.parse and once per slice, with the result parseImport gives', async () => {
    const text = file(2 * PARSE_SLICE_CONVERSATIONS + 50);
    const { result, yields } = await sliced(text);
    expect(yields).toBe(1 + 3);
    expect(result).toEqual(parseImport(text));
    expect(result.ok && result.data.conversations).toHaveLength(2 * PARSE_SLICE_CONVERSATIONS + 50);
  });

  it('names a bad field past the first slice at its index in the file', async () => {
    const bad = PARSE_SLICE_CONVERSATIONS + 37;
    const text = file(2 * PARSE_SLICE_CONVERSATIONS, (list) => {
      (list[bad].messages as Record<string, unknown>[])[0].seq = 'first';
    });
    const { result } = await sliced(text);
    expect(result).toEqual({ ok: false, error: expect.stringContaining(`conversations[${bad}].messages[0].seq must be`) });
    expect(result).toEqual(parseImport(text));
  });

  it('checks links across slices (an id repeated in another slice) and the envelope before any slice', async () => {
    const repeated = file(PARSE_SLICE_CONVERSATIONS + 10, (list) => {
      list[PARSE_SLICE_CONVERSATIONS + 5].id = 'c3';
      for (const m of list[PARSE_SLICE_CONVERSATIONS + 5].messages as Record<string, unknown>[]) m.conversationId = 'c3';
      (list[PARSE_SLICE_CONVERSATIONS + 5].messages as Record<string, unknown>[])[0].id = 'other-m0';
    });
    expect((await sliced(repeated)).result).toEqual({ ok: false, error: `conversations[${PARSE_SLICE_CONVERSATIONS + 5}].id "c3" appears more than once in the file.` });
    const noList = JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: 1, conversations: 'none' });
    const { result, yields } = await sliced(noList);
    expect(result).toEqual(parseImport(noList));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('file.conversations must be a list') });
    expect(yields).toBe(1);
  });
});
