import { describe, expect, it } from 'vitest';
import { extractPdfText, looksLikePdf, type PdfJs } from '@/lib/pages/page-sources/pdf-text';

/**
 * A real two-page PDF, written by hand: catalog, page tree, two pages each with a content stream
 * drawing text in Helvetica, and a cross-reference table whose byte offsets are computed here.
 */
function makePdf(pages: string[][]): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, i) => {
    const escaped = lines.map((line) => line.replace(/[\\()]/g, (c) => `\\${c}`));
    const stream = `BT /F1 12 Tf 72 720 Td 14 TL ${escaped.map((line, n) => (n === 0 ? `(${line}) Tj` : `T* (${line}) Tj`)).join(' ')} ET`;
    objects[pageIds[i]] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`;
    objects[pageIds[i] + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = body.length;
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

// The legacy build runs in Node; the panel loads the browser build (loadPdfJs). Same API.
const pdfjs = async () => (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;

describe('PDF text extraction (issue #13)', () => {
  it('reads every page of a real PDF with "[page N]" markers, lines kept', async () => {
    const bytes = makePdf([
      ['Lighthouse keeping', 'The lamp was lit at dusk (every day).'],
      ['Second page text', 'Fog signals and tides.'],
    ]);
    const result = await extractPdfText(await pdfjs(), bytes);
    expect(result.pages).toBe(2);
    expect(result.read).toBe(2);
    expect(result.text).toMatch(/^\[page 1\]\nLighthouse keeping\s*\n\s*The lamp was lit at dusk \(every day\)\.\n\n\[page 2\]\nSecond page text\s*\n\s*Fog signals and tides\.$/);
  });

  it('stops at the page limit and says how many pages there were', async () => {
    const bytes = makePdf([['one'], ['two'], ['three']]);
    const result = await extractPdfText(await pdfjs(), bytes, 2);
    expect(result).toMatchObject({ pages: 3, read: 2 });
    expect(result.text).not.toContain('three');
  });

  it('throws on bytes that are not a PDF', async () => {
    await expect(extractPdfText(await pdfjs(), new TextEncoder().encode('<html>not a pdf</html>'))).rejects.toThrow();
  });

  it('knows a PDF address by its path', () => {
    expect(looksLikePdf('https://a.test/papers/x.PDF?download=1')).toBe(true);
    expect(looksLikePdf('https://a.test/pdf-viewer')).toBe(false);
    expect(looksLikePdf(undefined)).toBe(false);
  });
});
