// An import file arrives in parts of at most IMPORT_PART_CHARS (issue #16: a 16 MB message froze
// the sending page for ~400 ms while Chrome serialized it). The parts of each upload are held here,
// per data port, until data-import joins them: a port that disconnects (page closed, worker
// restarted) takes its uploads with it, and the page's pending request fails, so nothing half-read
// is ever imported and nothing outlives the port. Only in memory: the file is still on the user's
// disk, an interrupted import is simply run again.
import { MAX_IMPORT_BYTES } from '@/lib/shared/limits';

/** Uploads one page may have open at once (one import button; a second is a page bug or abuse). */
const MAX_UPLOADS_PER_PORT = 2;

export class ImportUploads {
  private readonly uploads = new Map<string, { parts: string[]; chars: number }>();

  /** Appends part `index` (parts arrive in order); returns the characters received so far. */
  append(uploadId: string, index: number, text: string): number {
    let upload = this.uploads.get(uploadId);
    if (!upload) {
      if (index !== 0) throw new Error('The import was interrupted; choose the file again.');
      if (this.uploads.size >= MAX_UPLOADS_PER_PORT) throw new Error('Another import is still being read; wait for it to finish.');
      upload = { parts: [], chars: 0 };
      this.uploads.set(uploadId, upload);
    }
    if (index !== upload.parts.length) {
      this.uploads.delete(uploadId);
      throw new Error('The import was interrupted; choose the file again.');
    }
    if (upload.chars + text.length > MAX_IMPORT_BYTES) {
      this.uploads.delete(uploadId);
      throw new Error(`The file is too large; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
    }
    upload.parts.push(text);
    upload.chars += text.length;
    return upload.chars;
  }

  /** The whole text of a finished upload (which is forgotten here); throws unless all `parts` arrived. */
  take(uploadId: string, parts: number): string {
    const upload = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    if (!upload || upload.parts.length !== parts) throw new Error('The import was interrupted; choose the file again.');
    return upload.parts.join('');
  }

  get size(): number {
    return this.uploads.size;
  }
}
