// Field schemas every port shares (the chat port here, the data port beside it): ids and prompt
// text. Limits come from lib/shared/limits.ts so the port accepts exactly what storage keeps.
import * as v from 'valibot';
import { MAX_PROMPT_CHARS, PORT_ID_MAX_CHARS } from '@/lib/shared/limits';

const ID = new RegExp(`^[A-Za-z0-9_-]{1,${PORT_ID_MAX_CHARS}}$`);

/** A request, conversation or message id as the port carries it. */
export const portId = (name: string) => v.pipe(v.string(`bad ${name}`), v.regex(ID, `bad ${name}`));

/** A prompt: non-blank text of at most MAX_PROMPT_CHARS characters. */
export const promptText = v.pipe(
  v.string('text must be a string'),
  v.check((text) => text.trim() !== '', 'text is empty'),
  v.maxLength(MAX_PROMPT_CHARS, `text is longer than ${MAX_PROMPT_CHARS} characters`),
);
