import { describe, expect, it } from 'vitest';
import { extractPdfText, looksLikePdf, type PdfJs } from '@/lib/pages/page-sources/pdf-text';
import { makePdf } from '../../../fixtures/pdf/make-pdf';

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
