// "Export all" in parts (issue #16): the parts join into exactly the file JSON.stringify(exportAll(),
// null, 2) gives, none longer than asked, and no cut falls inside a surrogate pair (an emoji).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createConversation } from '@/lib/background/storage/conversations';
import { exportAll, exportAllInParts } from '@/lib/background/storage/export-import';
import { putMessage } from '@/lib/background/storage/messages';
import { parseImport } from '@/lib/background/storage/export-import-schema';
import { partEnd, textParts } from '@/lib/shared/text-parts';
import { freshDb, makeMessage } from './helpers';

beforeEach(freshDb);

async function collect(partChars: number) {
  const parts: string[] = [];
  const result = await exportAllInParts(partChars, (index, text) => {
    expect(index).toBe(parts.length);
    parts.push(text);
  });
  return { parts, result };
}

describe('export in parts', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: 1_800_000_000_000 }));

  it('is the whole file for an empty history, in one part', async () => {
    const { parts, result } = await collect(1000);
    expect(parts.join('')).toBe(JSON.stringify(await exportAll(), null, 2));
    expect(result).toEqual({ parts: 1, chars: parts[0].length });
    vi.useRealTimers();
  });

  it('joins into exactly the pretty-printed file, in parts of at most the size asked, emoji kept whole', async () => {
    for (let c = 0; c < 7; c++) {
      const conversation = await createConversation({ title: `Chat ${c} 😀 "quoted" \\ back` });
      for (let m = 0; m < 3; m++) await putMessage(makeMessage(conversation.id, m, m % 2 ? 'assistant' : 'user', `line one\nline two 👍🏽 ${'x'.repeat(c * 13 + m)} 東京`));
    }
    const whole = JSON.stringify(await exportAll(), null, 2);
    for (const size of [37, 64, 101, 4096]) {
      const { parts, result } = await collect(size);
      expect(parts.join('')).toBe(whole);
      expect(parts.every((p) => p.length <= size && p.length > 0)).toBe(true);
      // No part ends with the first half of a pair (or starts with the second half).
      expect(parts.some((p) => /[\uD800-\uDBFF]$/.test(p) || /^[\uDC00-\uDFFF]/.test(p))).toBe(false);
      expect(result).toEqual({ parts: parts.length, chars: whole.length });
    }
    const parsed = parseImport(whole);
    expect(parsed.ok && parsed.data.conversations).toHaveLength(7);
    vi.useRealTimers();
  });
});

describe('text parts', () => {
  it('moves a cut back one character rather than split a surrogate pair', () => {
    const text = 'ab😀cd';
    expect(partEnd(text, 0, 3)).toBe(2);
    expect(textParts(text, 3)).toEqual(['ab', '😀c', 'd']);
    expect(textParts('', 3)).toEqual([]);
    expect(textParts('😀😀😀', 1)).toEqual(['😀', '😀', '😀']);
  });
});
