// PDF text (issue #13): pdfjs-dist, loaded with import() so it lives in its own chunk that only the
// side panel fetches, and only when a PDF is attached (never in the service worker bundle: the
// worker has no DOM, and 300+ KB there would slow every wake-up). The worker file is packaged by
// Vite (`?url` → an asset under the extension's origin, allowed by the script-src 'self' CSP).
// Page numbers are kept as "[page N]" markers so answers can point at a page.

/** The part of the pdfjs module used here (the browser build in the panel, the legacy build in unit tests). */
export interface PdfJs {
  getDocument(source: { data: Uint8Array; isEvalSupported?: boolean; disableFontFace?: boolean; useSystemFonts?: boolean; verbosity?: number }): {
    promise: Promise<PdfDocument>;
  };
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }>;
  destroy(): Promise<void>;
}

/** Pages read at most (a huge PDF would freeze the panel; what is read is capped again later). */
export const PDF_PAGE_LIMIT = 500;

export interface PdfText {
  text: string;
  pages: number;
  /** Pages actually read (≤ PDF_PAGE_LIMIT). */
  read: number;
}

/** Text of one page: items joined, a line break where pdfjs says the line ends. */
function pageText(items: unknown[]): string {
  let out = '';
  for (const item of items) {
    if (!item || typeof item !== 'object' || !('str' in item)) continue;
    const { str, hasEOL } = item as { str: string; hasEOL?: boolean };
    out += str + (hasEOL ? '\n' : '');
  }
  return out.replace(/[ \t]+\n/g, '\n').trim();
}

/** The document's text, each page after a "[page N]" marker. Throws when the bytes are not a PDF pdfjs can read. */
export async function extractPdfText(pdfjs: PdfJs, bytes: Uint8Array, pageLimit = PDF_PAGE_LIMIT): Promise<PdfText> {
  // No eval (the extension CSP forbids it) and no font loading: only the text is wanted.
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const read = Math.min(doc.numPages, pageLimit);
    const parts: string[] = [];
    for (let n = 1; n <= read; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      parts.push(`[page ${n}]\n${pageText(content.items)}`);
    }
    return { text: parts.join('\n\n'), pages: doc.numPages, read };
  } finally {
    await doc.destroy();
  }
}

/** The browser build with its worker, loaded on first use (a separate chunk). */
export async function loadPdfJs(): Promise<PdfJs> {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

/** A PDF by its address (the tab's content type is not readable without scripting it). */
export function looksLikePdf(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return /\.pdf$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}
