// Issue #13 page context in the real side panel against the emulator: the page chip attaches a
// local article once (the model gets it in the first user message only), offers a new tab instead
// of swapping, and reads a YouTube-like caption track in the page's own context (PDFs: pdf-page.e2e.ts).
// The pages are served on another 127.0.0.1 port: the e2e build's host permission
// (http://127.0.0.1/*, any port) stands in for the activeTab grant a user's click gives.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { answerInputs } from './faults-kit';

const SENTENCE = 'The harbour pilot counted seventeen gulls on the breakwater';
const ARTICLE = `<!doctype html><html lang="en"><head><title>Harbour notes</title></head><body>
<nav>Home · About</nav><article><h1>Harbour notes</h1>
${Array.from({ length: 6 }, (_, i) => `<p>${SENTENCE}, note ${i + 1}. The tide turned at noon and the ferries waited for the fog to lift over the grey water.</p>`).join('\n')}
</article><footer>Footer text</footer></body></html>`;
const OTHER = ARTICLE.replaceAll('Harbour notes', 'Second page').replaceAll(SENTENCE, 'A different page about mountain huts');
const playerPage = (tracks: unknown[]) => `<!doctype html><html><head><title>Lighthouses - video</title></head><body><div id="player"></div>
<script>var ytInitialPlayerResponse = ${JSON.stringify({ videoDetails: { videoId: 'abc123', title: 'Lighthouses explained' }, captions: tracks.length ? { playerCaptionsTracklistRenderer: { captionTracks: tracks } } : undefined })};</script></body></html>`;
const VIDEO = playerPage([{ baseUrl: '/api/timedtext?v=abc123&lang=en', name: { simpleText: 'English' }, languageCode: 'en' }]);
const NO_CAPTIONS = playerPage([]);
const JSON3 = readFileSync(path.join(__dirname, '../fixtures/youtube/timedtext.json3'), 'utf8');

let emulator: Emulator;
let ext: LaunchedExtension;
let server: http.Server;
let origin: string;
let panel: Page;
let tab: Page;
const captionFetches: string[] = [];

const chip = (state: 'offered' | 'attached') => panel.locator(`[data-testid=page-chip][data-state=${state}]`);

async function show(url: string): Promise<void> {
  await tab.goto(url);
  await tab.bringToFront();
}

/** What the fake model got in its latest answer request (title requests left out). */
function lastPrompt(): { role: string; text: string }[] {
  return answerInputs(emulator).at(-1)!.prompt;
}

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 2 });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/timedtext') {
      captionFetches.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON3);
    }
    const body = { '/article': ARTICLE, '/other': OTHER, '/video': VIDEO, '/no-captions': NO_CAPTIONS }[url.pathname] ?? ARTICLE;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ext = await launchExtension();
  panel = await ext.openSidePanel();
  tab = await ext.context.newPage();
  panel.on('console', (m) => process.env.E2E_DEBUG && console.log('[panel]', m.text()));
});

afterAll(async () => {
  await ext?.close();
  await emulator?.close();
  await new Promise((r) => server?.close(r));
});

describe('the page chip (issue #13)', () => {
  it('attaches the article once: the first question carries it, the follow-up does not attach it again', async () => {
    await show(`${origin}/article`);
    await expect.poll(() => chip('offered').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Harbour notes');
    await chip('offered').locator('[data-testid=page-chip-use]').click();
    await chip('attached').waitFor({ timeout: 10_000 });
    const sentChars = Number(await chip('attached').getAttribute('data-chars'));
    expect(sentChars).toBeGreaterThan(500);
    expect(await chip('attached').getAttribute('data-truncated')).toBe('no');
    // Attached, the same tab is not offered again.
    expect(await chip('offered').count()).toBe(0);

    emulator.clearLog();
    await sendPrompt(panel, 'Who counted the gulls?');
    await waitForAnswer(panel);
    const first = lastPrompt();
    expect(first.filter((m) => m.role === 'user')).toHaveLength(1);
    expect(first[0].text).toContain(SENTENCE);
    expect(first[0].text).toContain('<page_content source="');
    expect(first[0].text).not.toContain('Footer text');
    const attachment = panel.locator('[data-testid=attachment]');
    await expect(attachment.count()).resolves.toBe(1);
    expect(await attachment.getAttribute('data-kind')).toBe('page');
    expect(Number(await attachment.getAttribute('data-chars'))).toBe(sentChars);
    // Sent: no attachment waits in the composer, and this page is not offered again in this chat.
    expect(await chip('attached').count()).toBe(0);
    expect(await chip('offered').count()).toBe(0);

    await sendPrompt(panel, 'And at what time did the tide turn?');
    await waitForAnswer(panel, { after: 1 });
    const second = lastPrompt();
    const users = second.filter((m) => m.role === 'user');
    expect(users).toHaveLength(2);
    // The history re-sends the first message (FlareChat sends the full history each turn, issue #17);
    // the follow-up itself carries no page.
    expect(users[0].text).toContain(SENTENCE);
    expect(users[1].text).not.toContain('<page_content');
    expect(users[1].text).not.toContain(SENTENCE);
    expect(users.map((m) => m.text).join('\n').split(SENTENCE).length - 1).toBe(first[0].text.split(SENTENCE).length - 1);
    await expect(panel.locator('[data-testid=attachment]').count()).resolves.toBe(1);
  });

  it('a tab switch offers the new page beside the attachment instead of swapping it; remove drops it', async () => {
    await panel.locator('[data-testid=new-chat]').click().catch(() => undefined);
    await show(`${origin}/article?again`);
    await chip('offered').locator('[data-testid=page-chip-use]').click();
    await chip('attached').waitFor({ timeout: 10_000 });
    await show(`${origin}/other`);
    await expect.poll(() => chip('offered').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Second page');
    expect(await chip('attached').innerText()).toContain('Harbour notes');
    await panel.locator('[data-testid=page-chip-remove]').click();
    expect(await chip('attached').count()).toBe(0);
    expect(await chip('offered').count()).toBe(1);
  });

  it('a YouTube-like page: the caption track listed by the page, fetched in the page, stamped [m:ss]', async () => {
    await panel.locator('[data-testid=new-chat]').click().catch(() => undefined);
    await show(`${origin}/video`);
    await expect.poll(() => chip('offered').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Lighthouses');
    await chip('offered').locator('[data-testid=page-chip-use]').click();
    await chip('attached').waitFor({ timeout: 10_000 });
    expect(await chip('attached').getAttribute('data-kind')).toBe('transcript');
    expect(captionFetches.at(-1)).toContain('fmt=json3');
    emulator.clearLog();
    await sendPrompt(panel, 'What is said at 12:34?');
    await waitForAnswer(panel);
    const user = lastPrompt().find((m) => m.role === 'user')!;
    expect(user.text).toContain('kind="transcript"');
    expect(user.text).toContain("[12:34] the lamp at Fresnel's lens");
    expect(await panel.locator('[data-testid=attachment]').last().getAttribute('data-kind')).toBe('transcript');
  });

  it('a video without captions says so and attaches nothing', async () => {
    await show(`${origin}/no-captions`);
    await expect.poll(() => chip('offered').count(), { timeout: 10_000 }).toBe(1);
    await chip('offered').locator('[data-testid=page-chip-use]').click();
    await expect.poll(() => panel.locator('[data-testid=page-chip-note]').getAttribute('data-reason').catch(() => null), { timeout: 10_000 }).toBe('no-captions');
    expect(await panel.locator('[data-testid=page-chip-note]').innerText()).toContain('no captions');
    expect(await chip('attached').count()).toBe(0);
  });
});
