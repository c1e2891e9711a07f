// Injected on demand (scripting.executeScript) into a playground tab for the tab fallback
// transport; never declared as a content script, so it runs nowhere else.
import { startSocketRelay } from '@/lib/playground/socket-relay-host';

export default defineUnlistedScript(() => {
  // Injected once per use; a second injection into the same tab must not double the listener.
  const marker = '__flarechatTabRelay';
  const scope = globalThis as Record<string, unknown>;
  if (scope[marker]) return;
  scope[marker] = true;
  startSocketRelay();
});
