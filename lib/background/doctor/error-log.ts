// The last classified errors, for the bug report (issue #14). A ring of 20 in storage.local (the
// worker can die between an error and the report). Messages are redacted when recorded, while the
// conversation is still at hand to say what the user's own words were: nothing stored here can
// quote a prompt, an answer or page text.
import { browser } from 'wxt/browser';
import type { LoggedError, ProtocolEra } from '@/lib/protocol/doctor';
import { redactMessage } from '@/lib/playground/redact';

export const ERROR_LOG_KEY = 'doctor:errors';
export const ERROR_LOG_LIMIT = 20;

export interface ErrorInput {
  code: string;
  message: string;
  transport?: string;
  era?: ProtocolEra;
  status?: number;
  at?: number;
}

let writing: Promise<void> = Promise.resolve();

/**
 * Record one classified error. `userTexts`: everything the user sent or was shown for this turn
 * (prompt, earlier turns, page text, the partial answer); their words are cut out of the message.
 * Never throws.
 */
export function recordError(input: ErrorInput, userTexts: readonly string[] = []): Promise<void> {
  const entry: LoggedError = {
    at: input.at ?? Date.now(),
    code: input.code.slice(0, 40),
    message: redactMessage(input.message, userTexts),
  };
  if (input.transport) entry.transport = input.transport.slice(0, 20);
  if (input.era) entry.era = input.era;
  if (typeof input.status === 'number') entry.status = input.status;
  writing = writing.then(async () => {
    try {
      const errors = await readErrors();
      errors.push(entry);
      await browser.storage.local.set({ [ERROR_LOG_KEY]: errors.slice(-ERROR_LOG_LIMIT) });
    } catch {
      // Best effort: a full or closing storage must not turn one error into two.
    }
  });
  return writing;
}

/** Oldest first, at most 20. */
export async function readErrors(): Promise<LoggedError[]> {
  const stored = (await browser.storage.local.get(ERROR_LOG_KEY))[ERROR_LOG_KEY];
  if (!Array.isArray(stored)) return [];
  return stored.filter((e): e is LoggedError => typeof e === 'object' && e !== null && typeof (e as LoggedError).code === 'string' && typeof (e as LoggedError).message === 'string' && typeof (e as LoggedError).at === 'number');
}

export async function clearErrors(): Promise<void> {
  await writing;
  await browser.storage.local.remove(ERROR_LOG_KEY);
}
