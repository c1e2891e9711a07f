// Drive the chat UI through the data-testid hooks (docs/platform-notes.md#automation-hooks).
import type { Locator, Page } from 'playwright-core';

export type MessageStatus = 'queued' | 'streaming' | 'done' | 'stopped' | 'error' | 'interrupted';

export const sel = {
  composer: '[data-testid=composer]',
  send: '[data-testid=send]',
  stop: '[data-testid=stop]',
  message: '[data-testid=message]',
  assistant: '[data-testid=message][data-role=assistant]',
  user: '[data-testid=message][data-role=user]',
  modelPicker: '[data-testid=model-picker]',
  newChat: '[data-testid=new-chat]',
  conversationItem: '[data-testid=conversation-item]',
  error: '[data-testid=error]',
  errorAction: '[data-testid=error-action]',
} as const;

/** Types the prompt into the composer and clicks Send. */
export async function sendPrompt(page: Page, text: string): Promise<void> {
  const composer = page.locator(sel.composer);
  await composer.waitFor({ state: 'visible' });
  await composer.fill(text);
  await page.locator(sel.send).click();
}

/**
 * The text of a message as a reader gets it by scrolling through it. `innerText` leaves out what
 * Chrome skips under `content-visibility: auto`: the blocks of a long answer that are out of view
 * (markdown.css, LONG_ANSWER_BLOCKS), and every one of them in a page hidden behind another tab.
 * The read lifts the skipping for its own duration, so a test sees the whole answer either way.
 */
export async function messageText(message: Locator, options: { timeout?: number } = {}): Promise<string> {
  return message.evaluate((el) => {
    const lift = document.createElement('style');
    lift.textContent = '.fc-md-long > * { content-visibility: visible !important; }';
    document.head.append(lift);
    try {
      return (el as HTMLElement).innerText;
    } finally {
      lift.remove();
    }
  }, undefined, options);
}

export function lastAssistantLocator(page: Page): Locator {
  return page.locator(sel.assistant).last();
}

/** The last assistant message: its text and data-status. */
export async function lastAssistant(page: Page): Promise<{ text: string; status: string | null }> {
  const last = lastAssistantLocator(page);
  return { text: (await messageText(last)).trim(), status: await last.getAttribute('data-status') };
}

/**
 * Waits until the last assistant message reaches `status` (default 'done'; an array accepts any)
 * and returns it. Fails fast, with the text, when it lands in another terminal status.
 */
export async function waitForAnswer(
  page: Page,
  { status = 'done', timeoutMs = 20_000, after = 0 }: { status?: MessageStatus | MessageStatus[]; timeoutMs?: number; after?: number } = {},
): Promise<{ text: string; status: string }> {
  const wanted = Array.isArray(status) ? status : [status];
  const terminal: MessageStatus[] = ['done', 'stopped', 'error', 'interrupted'];
  const deadline = Date.now() + timeoutMs;
  let seen = { text: '', status: '(no assistant message)' };
  for (;;) {
    const all = page.locator(sel.assistant);
    const count = await all.count();
    if (count > after) {
      const last = all.nth(count - 1);
      const s = (await last.getAttribute('data-status').catch(() => null)) ?? '(none)';
      const text = ((await messageText(last, { timeout: 5_000 }).catch(() => '')) || '').trim();
      seen = { text, status: s };
      if (wanted.includes(s as MessageStatus)) return seen;
      if (terminal.includes(s as MessageStatus) && !wanted.includes(s as MessageStatus)) {
        const err = await page.locator(sel.error).first().innerText({ timeout: 500 }).catch(() => '');
        throw new Error(`Answer ended "${s}" (wanted ${wanted.join('|')}): ${JSON.stringify(text.slice(0, 300))}${err ? ` error: ${err}` : ''}`);
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No ${wanted.join('|')} answer within ${timeoutMs} ms; last seen ${seen.status}: ${JSON.stringify(seen.text.slice(0, 300))}`);
    }
    await page.waitForTimeout(50);
  }
}
