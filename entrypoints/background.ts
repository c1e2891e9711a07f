import { startBackground } from '@/lib/background';

export default defineBackground(() => {
  const background = startBackground();
  if (import.meta.env.MODE === 'e2e') {
    // Test-only handle for e2e (stripped from production builds; a test checks the bundle).
    (globalThis as Record<string, unknown>).__flarechat = background;
    // issue #4: CDP cannot click a context menu, an omnibox or a shortcut: e2e calls these handlers
    // (menu click, command, omnibox) directly. Production builds drop this branch (surfaces e2e checks).
    (globalThis as Record<string, unknown>).__flarechatSurfaceHooks = background.surfaces;
  }
});
