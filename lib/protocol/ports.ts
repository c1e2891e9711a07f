// Runtime port names, routed by the background (lib/background/router.ts). Kept apart from the
// schemas so a page that only needs a name does not bundle valibot. (CHAT_PORT predates this file
// and lives in messages.ts.)
export { CHAT_PORT } from './messages';

/** The data port: history, settings, templates, handoffs (lib/protocol/data.ts). */
export const DATA_PORT = 'data';
