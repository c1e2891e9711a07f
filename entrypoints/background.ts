import { startBackground } from '@/lib/background/start';
import { seedHistory, timeSearch } from '@/lib/background/storage/bench-seed';

export default defineBackground(() => {
  const background = startBackground();
  if (import.meta.env.MODE === 'e2e') {
    // Test-only handle for e2e (stripped from production builds; a test checks the bundle).
    (globalThis as Record<string, unknown>).__flarechat = background;
    // issue #4: CDP cannot click a context menu, an omnibox or a shortcut: e2e calls these handlers
    // (menu click, command, omnibox) directly. Production builds drop this branch (surfaces e2e checks).
    (globalThis as Record<string, unknown>).__flarechatSurfaceHooks = background.surfaces;
    // issue #16: the history bench seeds 10,000 conversations in seconds (storage/bench-seed.ts).
    (globalThis as Record<string, unknown>).__flarechatBench = { seedHistory, timeSearch };
    // issue #7: WebDriver BiDi refuses to navigate to moz-extension:// (docs/platform-notes.md#firefox), so the Firefox
    // e2e build opens the side panel page in a tab itself; the test finds it among the pages.
    if (import.meta.env.FIREFOX) {
      browser.runtime.onInstalled.addListener(() => void browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') }));
    }
  }
});
