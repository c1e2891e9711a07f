// Runtime port names, routed by the background (lib/background/router.ts). Kept apart from the
// schemas so a page that only needs a name does not bundle valibot.

/** The chat port: starting, following and stopping answers (lib/protocol/messages.ts). */
export const CHAT_PORT = 'chat';

/** The data port: history, settings, templates, handoffs (lib/protocol/data.ts). */
export const DATA_PORT = 'data';
