// README: "export (Markdown, JSON, everything) and all-or-nothing import". The options page's
// Export all and Import, driven like a user does, on a history larger than one port message part
// both ways (issue #16: a large file crossed the data port as one message, which froze the page
// and, past Chrome's 64 MB message limit, made Export all wait forever): the downloaded file holds
// every conversation with its emoji intact, Delete all empties the history, and importing the file
// brings everything back with the progress bar shown, and the side panel lists it.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXPORT_PART_CHARS, IMPORT_PART_CHARS } from '@/lib/shared/limits';
import type { LaunchedExtension } from './harness';
import { useExtensionSuite } from './suite';
import { seedConversations } from './seed-history';

let page: Page;
let ext: LaunchedExtension;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 1 }, open: '/options.html' }, (suite) => ({ page, ext } = suite));

const COUNT = 600;

interface ExportedFile {
  conversations: { id: string; title: string; messages: { text: string }[] }[];
}

describe('Export all and Import in the options page', () => {
  it('exports every conversation, deletes all, imports the file back, and the panel lists it', async () => {
    // Two messages each, with emoji and CJK: about 1.2 KB a conversation.
    const seeded = await seedConversations(ext, 'round', COUNT, (i) => ({
      title: `Round trip ${i} 🚀`,
      messages: [
        { role: 'user', text: `Question ${i} 😀 東京 ${'lorem ipsum '.repeat(20)}` },
        { role: 'assistant', text: `Answer ${i} 👍🏽 "quoted" \\ ${'dolor sit amet '.repeat(40)}` },
      ],
    }));
    expect(seeded).toBe(COUNT);

    // Export all: a download, the whole history in it.
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.locator('[data-testid=export-all]').click();
    const file = (await (await download).path());
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(2 * EXPORT_PART_CHARS);
    const exported = JSON.parse(text) as ExportedFile;
    expect(exported.conversations).toHaveLength(COUNT);
    const last = exported.conversations.find((c) => c.id === `round-${COUNT - 1}`)!;
    expect(last.title).toBe(`Round trip ${COUNT - 1} 🚀`);
    expect(last.messages[0].text).toContain('😀 東京');
    expect(last.messages[1].text).toContain('👍🏽 "quoted" \\');

    // Delete all, confirmed.
    await page.locator('[data-testid=delete-all]').click();
    await page.locator('[data-testid=delete-all-confirm]').click();
    const panel = await ext.openPage('/sidepanel.html');
    await panel.locator('[data-testid=history-toggle]').click();
    await panel.locator('.history-empty').waitFor();

    // Import the downloaded file: the progress bar shows, then the count.
    expect(text.length).toBeGreaterThan(2 * IMPORT_PART_CHARS);
    await page.locator('[data-testid=import-file]').setInputFiles(file);
    await page.locator('[data-testid=import-progress]').waitFor({ state: 'attached' });
    await expect.poll(() => page.locator('[data-testid=options-status]').innerText(), { timeout: 60_000 }).toContain(`Imported ${COUNT} conversations`);
    await page.locator('[data-testid=import-progress]').waitFor({ state: 'detached' });

    // The open panel follows: the newest conversation first, its emoji intact.
    await expect.poll(() => panel.locator('[data-testid=conversation-item]').first().innerText(), { timeout: 10_000 }).toContain('Round trip 0 🚀');
    await panel.close();
  });
});
