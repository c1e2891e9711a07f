// Regenerate and Edit keep versions instead of deleting the rest of the conversation (issue #12,
// must-fix 2), driven through the real side panel with clicks and keys: the "‹ 2/2 ›" switcher
// brings the old branch back with its later turns, the model receives exactly the branch on
// screen, and the chosen version is what a reopened panel shows.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sel, sendPrompt, waitForAnswer, type Emulator } from './harness';
import { modelGot, visibleTurns } from './conversation-view';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 } }, (suite) => ({ emulator, page } = suite));


/** The n-th message on screen (0-based), with its own buttons. */
const group = (n: number) => page.locator('[data-testid=message-group]').nth(n);
const switcher = (n: number) => group(n).locator('[data-testid=message-versions]');

describe('versions, never deletions', () => {
  it('Regenerate on an earlier answer and Edit on the first prompt add versions; the switcher brings the old branch back', async () => {
    emulator.clearLog();
    let requests = 0;
    for (const [i, word] of ['one', 'two', 'three', 'four'].entries()) {
      await sendPrompt(page, `Turn ${word}`);
      await waitForAnswer(page, { after: i });
      requests++;
    }
    const original = await visibleTurns(page);
    expect(original).toHaveLength(8);

    // Regenerate the second answer: a sibling answer to "Turn two"; the model gets the branch up to it.
    await group(3).locator('[data-testid=regenerate]').click();
    const got = await modelGot(emulator, ++requests);
    expect(got).toEqual(original.slice(0, 3));
    await expect.poll(() => page.locator(sel.message).count(), { timeout: 10_000 }).toBe(4);
    await waitForAnswer(page, { after: 1 });
    await expect.poll(() => switcher(3).getAttribute('data-current'), { timeout: 10_000 }).toBe('2');
    expect(await switcher(3).getAttribute('data-count')).toBe('2');
    await expect(group(3).locator('[data-testid=version-next]').isDisabled()).resolves.toBe(true);

    // Back to version 1 by keyboard: the old answer and its later turns are all still there.
    await group(3).locator('[data-testid=version-prev]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(sel.message).count(), { timeout: 10_000 }).toBe(8);
    expect(await visibleTurns(page)).toEqual(original);
    expect(await switcher(3).getAttribute('data-current')).toBe('1');

    // Forward again, then a new turn on that branch: the model gets exactly the branch on screen.
    await group(3).locator('[data-testid=version-next]').click();
    await expect.poll(() => page.locator(sel.message).count(), { timeout: 10_000 }).toBe(4);
    const branch = await visibleTurns(page);
    await sendPrompt(page, 'Turn five');
    expect(await modelGot(emulator, ++requests)).toEqual([...branch, { role: 'user', text: 'Turn five' }]);
    await waitForAnswer(page, { after: 2 });

    // Edit the first prompt: a second version of it with its own answer; nothing else is lost.
    await group(0).locator('[data-testid=edit]').click();
    const input = group(0).locator('[data-testid=edit-input]');
    await input.fill('Turn one, edited');
    await group(0).locator('[data-testid=edit-save]').click();
    expect(await modelGot(emulator, ++requests)).toEqual([{ role: 'user', text: 'Turn one, edited' }]);
    await expect.poll(() => page.locator(sel.message).count(), { timeout: 10_000 }).toBe(2);
    await waitForAnswer(page, { after: 0 });
    await expect.poll(() => switcher(0).getAttribute('data-count'), { timeout: 10_000 }).toBe('2');
    await group(0).locator('[data-testid=version-prev]').click();
    await expect.poll(() => page.locator(sel.message).count(), { timeout: 10_000 }).toBe(6);

    // The chosen version is what a reopened panel shows (issue #12 must-fix 3 meets versions).
    const chosen = await visibleTurns(page);
    await page.reload();
    await expect.poll(() => page.locator(sel.message).count(), { timeout: 10_000 }).toBe(6);
    expect(await visibleTurns(page)).toEqual(chosen);
  });
});
