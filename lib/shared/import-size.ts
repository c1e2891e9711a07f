// The import file's size limit, checked before anything is read: a page looks at File.size before
// File.text(), and parseImport at the byte length before JSON.parse.
import { MAX_IMPORT_BYTES } from './limits';

/** The error for a file of `bytes` bytes, or null when it is within the limit. */
export function importTooLarge(bytes: number): string | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  return `The file is too large (${(bytes / 1024 / 1024).toFixed(1)} MB); the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`;
}

/** Reads an import file as text, refusing (without reading it) one over the limit. */
export async function readImportFile(file: Pick<Blob, 'size' | 'text'>): Promise<string> {
  const error = importTooLarge(file.size);
  if (error) throw new Error(error);
  return file.text();
}
