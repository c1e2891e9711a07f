// "Use this page" (issue #13): the side panel reads the active tab itself, through activeTab +
// scripting (granted when the user invokes FlareChat on that tab: the toolbar button, a shortcut or
// the context menu; https://developer.chrome.com/docs/extensions/develop/concepts/activeTab).
// Order: the selection if there is one (it wins over the page), a PDF (bytes fetched by the tab,
// text extracted HERE in an extension page, never in the service worker), a YouTube-style player's caption track, else the
// article through Readability (/extract-page.js, as the context menu does).
// Everything returned is already a delimited, capped block (lib/protocol/delimit.ts).
import { browser } from 'wxt/browser';
import type { ContextMeta } from '@/lib/protocol/context-blocks';
import { contextBlock, restrictedUrl, unusableContent, type PageContent } from '@/lib/protocol/delimit';
import { extractPdfText, loadPdfJs, looksLikePdf } from './pdf-text';
import { captionTracks, json3Url, parseTimedText, pickTrack, transcriptText } from './transcript';
import { fetchCaptionTrack, readPlayerCaptions, type PlayerCaptions } from './youtube-page';

export interface ActiveTab {
  id: number;
  windowId?: number;
  /** Absent when FlareChat may not see the tab's address (no activeTab grant, no host permission). */
  url?: string;
  title?: string;
}

/** Why nothing was attached; each has its own sentence in the chip. */
export type ReadFailure = 'access' | 'restricted' | 'empty' | 'no-captions' | 'pdf-failed' | 'pdf-timeout' | 'pdf-local' | 'error';

export type ReadResult = { ok: true; block: string; meta: ContextMeta; url?: string } | { ok: false; reason: ReadFailure };

/** PDF bytes read at most (a bigger file is refused rather than freezing the panel). */
export const PDF_BYTE_LIMIT = 20 * 1024 * 1024;
/** How long the tab may take to hand over the PDF's bytes (a body that never ends must not leave the chip reading). */
export const PDF_READ_TIMEOUT_MS = 15_000;

/** The injection's results, or 'timeout' when it has not answered within `ms`. */
async function withDeadline(injection: Promise<Injection>, ms: number): Promise<Injection | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([injection, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Injected into the tab showing the PDF (self-contained: serialised by executeScript). Returns the
 * bytes as base64 (results must be JSON), or '' when the fetch fails or the file is over `limit`.
 */
export async function fetchPdfBytes(limit: number): Promise<string> {
  try {
    // eslint-disable-next-line no-restricted-globals -- runs in the PDF's own tab (issue #13), not in the extension
    const response = await fetch(location.href, { credentials: 'include' });
    if (!response.ok) return '';
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > limit) return '';
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  } catch {
    return '';
  }
}

type Injection = { result?: unknown }[];

/** Chrome's words for "this extension may not script this tab". */
const NO_ACCESS = /cannot access|permission|must request|activeTab|Missing host/i;
const RESTRICTED = /cannot be scripted|extensions gallery|chrome:\/\/|edge:\/\/|about:/i;

function failure(error: unknown): ReadFailure {
  const text = String(error);
  if (RESTRICTED.test(text)) return 'restricted';
  return NO_ACCESS.test(text) ? 'access' : 'error';
}

const live = (text: string) => text.replace(/\s+/g, '');

async function selectionIn(tabId: number): Promise<string> {
  const results = (await browser.scripting.executeScript({ target: { tabId }, func: () => getSelection()?.toString() ?? '' })) as Injection;
  return typeof results[0]?.result === 'string' ? results[0].result : '';
}

/** The PDF's text as a delimited block (kind "pdf", "[page N]" markers kept). */
async function pdfBlock(bytes: Uint8Array, source: string, title: string): Promise<ReadResult> {
  const { text } = await extractPdfText(await loadPdfJs(), bytes);
  if (live(text.replace(/\[page \d+\]/g, '')).length === 0) return { ok: false, reason: 'empty' };
  return { ok: true, url: source, ...contextBlock('page_content', text, { source, title, kind: 'pdf' }) };
}

/** pdfjs's reason (name and message only, never the document's text) for the console. */
function warnPdf(error: unknown): void {
  console.warn('FlareChat: PDF not read:', error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');
}

async function readPdf(tab: ActiveTab, url: string): Promise<ReadResult> {
  // A PDF opened from the computer cannot be fetched by anyone here, file access allowed or not:
  // the tab's own fetch/XHR of a file: URL fails (file: pages may not read file: URLs), and the
  // panel's is blocked by the extension CSP (connect-src). The chip offers a file picker instead.
  if (url.startsWith('file:')) return { ok: false, reason: 'pdf-local' };
  try {
    // The bytes are fetched by the tab itself (same origin, its cookies): the extension pages' CSP
    // (connect-src: the playground only) blocks the panel's own fetch of any other host, host
    // permission or activeTab grant notwithstanding. In Chromium the PDF tab's top frame is the
    // PDF's own address (the viewer is an inner chrome-extension:// frame), so frame 0 can be
    // scripted like any page once activeTab is granted (checked in Chromium 156, tests/e2e/pdf-page.e2e.ts).
    // Bounded: the injection waits for the tab's document to finish loading, which a PDF whose body
    // never ends never does.
    const injection = browser.scripting.executeScript({ target: { tabId: tab.id }, func: fetchPdfBytes, args: [PDF_BYTE_LIMIT] }) as Promise<Injection>;
    const results = await withDeadline(injection, PDF_READ_TIMEOUT_MS);
    if (results === 'timeout') return { ok: false, reason: 'pdf-timeout' };
    const encoded = results[0]?.result;
    if (typeof encoded !== 'string' || encoded === '') return { ok: false, reason: 'pdf-failed' };
    const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    const title = tab.title && tab.title !== url ? tab.title : decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
    return await pdfBlock(bytes, url, title);
  } catch (error) {
    warnPdf(error);
    const reason = failure(error);
    return { ok: false, reason: reason === 'error' ? 'pdf-failed' : reason };
  }
}

/** A PDF the user picked from the computer (the chip's answer to 'pdf-local'). Never throws. */
export async function readPdfFile(file: Pick<File, 'name' | 'size' | 'arrayBuffer'>): Promise<ReadResult> {
  if (file.size > PDF_BYTE_LIMIT) return { ok: false, reason: 'pdf-failed' };
  try {
    const result = await pdfBlock(new Uint8Array(await file.arrayBuffer()), file.name, file.name);
    // No address of its own: the attachment belongs to the tab it stands in for.
    return result.ok ? { ...result, url: undefined } : result;
  } catch (error) {
    warnPdf(error);
    return { ok: false, reason: 'pdf-failed' };
  }
}

async function readTranscript(tabId: number, player: PlayerCaptions, url: string | undefined): Promise<ReadResult> {
  const track = pickTrack(captionTracks({ captions: player.captions }), navigator.language);
  if (!track) return { ok: false, reason: 'no-captions' };
  const results = (await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: fetchCaptionTrack, args: [json3Url(track.baseUrl)] })) as Injection;
  const body = typeof results[0]?.result === 'string' ? results[0].result : '';
  const lines = parseTimedText(body);
  if (lines.length === 0) return { ok: false, reason: 'no-captions' };
  return { ok: true, url, ...contextBlock('page_content', transcriptText(lines), { source: url, title: player.title, kind: 'transcript' }) };
}

/** Reads the tab for the chip: a delimited block, or why not. Never throws. */
export async function readTab(tab: ActiveTab): Promise<ReadResult> {
  const url = tab.url;
  if (url && restrictedUrl(url)) return { ok: false, reason: 'restricted' };
  if (url && looksLikePdf(url)) return readPdf(tab, url);
  try {
    const selection = await selectionIn(tab.id);
    if (live(selection)) return { ok: true, url, ...contextBlock('selection', selection, { source: url, title: tab.title }) };
    const probe = (await browser.scripting.executeScript({ target: { tabId: tab.id }, world: 'MAIN', func: readPlayerCaptions })) as Injection;
    const player = probe[0]?.result as PlayerCaptions | null | undefined;
    if (player) return await readTranscript(tab.id, player, url);
    const results = (await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/extract-page.js'] })) as Injection;
    const content = results[0]?.result as PageContent | undefined;
    if (content?.contentType === 'application/pdf') return readPdf(tab, content.url);
    const unusable = unusableContent(content);
    if (unusable || !content) return { ok: false, reason: unusable === 'empty' ? 'empty' : 'error' };
    return { ok: true, url: content.url, ...contextBlock('page_content', content.text, { source: content.url, title: content.title }) };
  } catch (error) {
    return { ok: false, reason: failure(error) };
  }
}
