// Field schemas every port shares (the chat port here, the data port beside it): ids and prompt
// text. Limits come from lib/shared/limits.ts so the port accepts exactly what storage keeps.
import * as v from 'valibot';
import { MAX_MESSAGE_CHARS, MAX_PROMPT_CHARS, PORT_ID_MAX_CHARS } from '@/lib/shared/limits';
import { stripContextBlocks } from './context-blocks';

const ID = new RegExp(`^[A-Za-z0-9_-]{1,${PORT_ID_MAX_CHARS}}$`);

/** A request, conversation or message id as the port carries it. */
export const portId = (name: string) => v.pipe(v.string(`bad ${name}`), v.regex(ID, `bad ${name}`));

/**
 * A prompt: non-blank text whose own words (the text outside its page/selection data blocks) are
 * at most MAX_PROMPT_CHARS characters; with its data blocks at most MAX_MESSAGE_CHARS (issue #13:
 * a long page is kept whole and answered in sections, lib/background/documents/).
 */
export const promptText = v.pipe(
  v.string('text must be a string'),
  v.check((text) => text.trim() !== '', 'text is empty'),
  v.maxLength(MAX_MESSAGE_CHARS, `text is longer than ${MAX_MESSAGE_CHARS} characters`),
  v.check((text) => text.length <= MAX_PROMPT_CHARS || stripContextBlocks(text).length <= MAX_PROMPT_CHARS, `text is longer than ${MAX_PROMPT_CHARS} characters`),
);
