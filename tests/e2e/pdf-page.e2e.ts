// Issue #13, a PDF in the real side panel against the emulator: a two-page PDF made in the test is
// shown in a tab (Chromium's own PDF viewer), "Use this page" reads it (bytes fetched inside the
// tab, text extracted by pdfjs in the panel), the question carries the text with its page numbers
// inside the delimited block, and the sent message says what was attached. A PDF at an address
// without ".pdf" is known by its content type; a tab FlareChat may not read says how to grant it; a
// PDF opened from the computer (which nothing here may fetch) is taken from a file picker; a PDF
// whose body never ends gives up with one clear sentence instead of reading forever.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../fixtures/pdf/make-pdf';
import { E2E_BUILD, launchExtension, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { pdf, startPageServer, type PageServer } from './harness/page-server';
import { answerInputs } from './faults-kit';

const PAGE_ONE = 'Tide tables for the north harbour';
const PAGE_TWO = 'Page two mentions the fog horn schedule';
const PDF = makePdf([[PAGE_ONE], [PAGE_TWO]]);

let emulator: Emulator;
let ext: LaunchedExtension;
let pages: PageServer;
let panel: Page;
let tab: Page;
let scratch: string;

/**
 * The e2e build plus a file:///* host permission: with it the panel sees a local PDF tab's address,
 * as it would after an activeTab grant (unpacked extensions have file access on by default).
 */
async function buildWithFileAccess(): Promise<string> {
  const dir = path.join(scratch, 'extension');
  await cp(E2E_BUILD, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push('file:///*');
  await writeFile(manifestPath, JSON.stringify(manifest));
  return dir;
}

// Every locator call inside a poll is bounded: an unbounded one waits (up to Playwright's 30 s) for
// an element that may never come, and the poll cannot interrupt it (the cause of the earlier
// "PDF never finishes" report: the chip had attached the PDF; the test's poll was still waiting for
// a failure note).
const chip = (state: 'offered' | 'attached') => panel.locator(`[data-testid=page-chip][data-state=${state}]`);
/** Bounded: a disabled button must fail the test with a message, not wait for ever. */
const click = (selector: string) => panel.locator(selector).click({ timeout: 10_000 });

async function show(url: string): Promise<void> {
  await tab.goto(url);
  await tab.bringToFront();
}

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 2 });
  pages = await startPageServer({
    '/tides.pdf': pdf(PDF),
    // Many PDFs live at addresses without ".pdf" (arxiv.org/pdf/2401.01234): known by the content type.
    '/paper': pdf(PDF),
    // Headers and the first bytes of a PDF, then nothing: the viewer shows it loading for ever.
    '/endless.pdf': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(PDF.subarray(0, 64));
    },
  });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'flarechat-pdf-'));
  await writeFile(path.join(scratch, 'tides-local.pdf'), PDF);
  ext = await launchExtension({ extensionDir: await buildWithFileAccess() });
  panel = await ext.openSidePanel();
  tab = await ext.context.newPage();
  panel.on('console', (m) => process.env.E2E_DEBUG && console.log('[panel]', m.type(), m.text()));
});

afterAll(async () => {
  await ext?.close();
  await emulator?.close();
  await pages?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a PDF in the active tab (issue #13)', () => {
  it('is attached with its page numbers, and the model gets it delimited in the question', async () => {
    await show(pages.url('/tides.pdf'));
    await expect.poll(() => chip('offered').innerText({ timeout: 1_000 }).catch(() => ''), { timeout: 10_000 }).toContain('tides.pdf');
    await click('[data-testid=page-chip][data-state=offered] [data-testid=page-chip-use]');
    await chip('attached').waitFor({ timeout: 20_000 });
    expect(await chip('attached').getAttribute('data-kind')).toBe('pdf');
    const chars = Number(await chip('attached').getAttribute('data-chars'));

    emulator.clearLog();
    await sendPrompt(panel, 'When does the fog horn sound?');
    await waitForAnswer(panel);
    const user = answerInputs(emulator).at(-1)!.prompt.find((m) => m.role === 'user')!;
    expect(user.text.startsWith('When does the fog horn sound?')).toBe(true);
    // One delimited, untrusted block: the PDF's address, its kind, and each page after its number.
    const block = /<page_content [^>]*kind="pdf"[^>]*>([\s\S]*)<\/page_content>/.exec(user.text);
    expect(block, user.text).not.toBeNull();
    expect(block![0]).toContain(`source="${pages.url('/tides.pdf')}"`);
    expect(block![1]).toContain(`[page 1]\n${PAGE_ONE}`);
    expect(block![1]).toContain(`[page 2]\n${PAGE_TWO}`);
    expect(block![1].indexOf('[page 1]')).toBeLessThan(block![1].indexOf('[page 2]'));

    const attachment = panel.locator('[data-testid=attachment][data-kind=pdf]');
    await expect(attachment.count()).resolves.toBe(1);
    expect(Number(await attachment.getAttribute('data-chars'))).toBe(chars);
    expect(chars).toBe(`[page 1]\n${PAGE_ONE}\n\n[page 2]\n${PAGE_TWO}`.length);
  });

  it('a PDF at an address without ".pdf" is recognised by its content type', async () => {
    await click('[data-testid=new-chat]');
    await show(pages.url('/paper?id=7'));
    await expect.poll(() => chip('offered').innerText({ timeout: 1_000 }).catch(() => ''), { timeout: 10_000 }).toContain('paper');
    await click('[data-testid=page-chip][data-state=offered] [data-testid=page-chip-use]');
    await chip('attached').waitFor({ timeout: 20_000 });
    expect(await chip('attached').getAttribute('data-kind')).toBe('pdf');
    expect(Number(await chip('attached').getAttribute('data-chars'))).toBe(`[page 1]\n${PAGE_ONE}\n\n[page 2]\n${PAGE_TWO}`.length);
    await panel.locator('[data-testid=page-chip-remove]').click({ timeout: 5_000 });
  });

  it('a PDF on a site FlareChat was not invoked on: the chip says how to grant access', async () => {
    // "localhost" is outside the e2e build's host permission (127.0.0.1 only): like a user's tab
    // before any activeTab grant, FlareChat sees neither its address nor its contents.
    await show(pages.url('/tides.pdf').replace('127.0.0.1', 'localhost'));
    await expect.poll(() => chip('offered').innerText({ timeout: 1_000 }).catch(() => ''), { timeout: 10_000 }).toBe('Use this page');
    await click('[data-testid=page-chip][data-state=offered] [data-testid=page-chip-use]');
    await expect.poll(() => panel.locator('[data-testid=page-chip-note]').getAttribute('data-reason', { timeout: 1_000 }).catch(() => null), { timeout: 20_000 }).toBe('access');
    expect(await panel.locator('[data-testid=page-chip-note]').innerText()).toContain('Alt+Shift+S');
    expect(await chip('attached').count()).toBe(0);
  });

  it('a PDF opened from the computer: the chip says why it cannot fetch it, and takes the same file from a picker', async () => {
    await click('[data-testid=new-chat]');
    const file = path.join(scratch, 'tides-local.pdf');
    await show(`file://${file}`);
    await expect.poll(() => chip('offered').innerText({ timeout: 1_000 }).catch(() => ''), { timeout: 10_000 }).toContain('tides-local.pdf');
    await click('[data-testid=page-chip][data-state=offered] [data-testid=page-chip-use]');
    await expect.poll(() => panel.locator('[data-testid=page-chip-note]').getAttribute('data-reason', { timeout: 1_000 }).catch(() => null), { timeout: 20_000 }).toBe('pdf-local');
    expect(await chip('attached').count()).toBe(0);
    await panel.locator('[data-testid=page-chip-file]').setInputFiles(file, { timeout: 5_000 });
    await chip('attached').waitFor({ timeout: 20_000 });
    expect(await chip('attached').getAttribute('data-kind')).toBe('pdf');
    expect(Number(await chip('attached').getAttribute('data-chars'))).toBe(`[page 1]\n${PAGE_ONE}\n\n[page 2]\n${PAGE_TWO}`.length);
    // It stands for the tab: the same tab is not offered beside it.
    expect(await chip('offered').count()).toBe(0);
    emulator.clearLog();
    await sendPrompt(panel, 'What does page two mention?');
    await waitForAnswer(panel);
    const user = answerInputs(emulator).at(-1)!.prompt.find((m) => m.role === 'user')!;
    expect(user.text).toMatch(/<page_content source="tides-local.pdf"[^>]*kind="pdf"/);
    expect(user.text).toContain(`[page 2]\n${PAGE_TWO}`);
  });

  it('a PDF that never finishes loading gives up with one clear sentence and attaches nothing', async () => {
    await click('[data-testid=new-chat]');
    await show(pages.url('/endless.pdf')).catch(() => undefined);
    await expect.poll(() => chip('offered').innerText({ timeout: 1_000 }).catch(() => ''), { timeout: 10_000 }).toContain('endless.pdf');
    await click('[data-testid=page-chip][data-state=offered] [data-testid=page-chip-use]');
    // "Reading…" while it tries (the button waits); about 15 s later, the reason.
    expect(await panel.locator('[data-testid=page-chip-use]').isDisabled()).toBe(true);
    await expect.poll(() => panel.locator('[data-testid=page-chip-note]').getAttribute('data-reason', { timeout: 1_000 }).catch(() => null), { timeout: 40_000 }).toBe('pdf-timeout');
    const note = (await panel.locator('[data-testid=page-chip-note]').innerText()).trim();
    expect(note.split(/[.!?](\s|$)/).filter((s) => s.trim()).length).toBe(1);
    expect(await chip('attached').count()).toBe(0);
    // The chip can be used again.
    expect(await panel.locator('[data-testid=page-chip-use]').isEnabled()).toBe(true);
  }, 90_000);
});
