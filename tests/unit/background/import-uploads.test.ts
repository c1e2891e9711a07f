import { describe, expect, it } from 'vitest';
import { ImportUploads } from '@/lib/background/import-uploads';
import { IMPORT_PART_CHARS, MAX_IMPORT_BYTES } from '@/lib/shared/limits';

describe('import uploads (one per data port)', () => {
  it('refuses the part that would pass the import limit and forgets that upload', () => {
    const uploads = new ImportUploads();
    const part = 'x'.repeat(IMPORT_PART_CHARS);
    const fit = Math.floor(MAX_IMPORT_BYTES / IMPORT_PART_CHARS);
    for (let i = 0; i < fit; i++) uploads.append('u', i, part);
    expect(() => uploads.append('u', fit, part)).toThrow(/too large; the limit is 50 MB/);
    expect(uploads.size).toBe(0);
    expect(() => uploads.take('u', fit)).toThrow(/interrupted/);
  });

  it('holds at most two uploads at once, and a finished one makes room', () => {
    const uploads = new ImportUploads();
    uploads.append('a', 0, 'a');
    uploads.append('b', 0, 'b');
    expect(() => uploads.append('c', 0, 'c')).toThrow(/Another import/);
    expect(uploads.take('a', 1)).toBe('a');
    expect(uploads.append('c', 0, 'c')).toBe(1);
  });
});
