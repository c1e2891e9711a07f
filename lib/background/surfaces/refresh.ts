// When the context menus and the omnibox hint are (re)built. Chrome and Firefox keep an
// event-driven background's menu items (and the omnibox hint) across worker and browser restarts,
// so they are built when they may be missing or out of date, not on every wake, where the calls
// queued ahead of the port that woke the worker (issue #16, cold start):
// https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/menus/create#creating_menus_in_persistent_and_non-persistent_extensions
// - installed or updated (the menu set may have changed), or the browser started (its UI
//   language, which an "auto" interface language follows, may have changed);
// - the templates or the interface language changed.
import { t } from '@/lib/shared/i18n';
import { SETTINGS_KEY } from '@/lib/background/storage/settings';
import type { SurfaceDeps } from './surface-deps';
import type { SurfaceHandlers } from './register';
import { TEMPLATES_KEY } from './templates';

/** Adds the listeners (synchronously) that rebuild the menus and the omnibox hint. */
export function refreshSurfacesWhenStale(handlers: Pick<SurfaceHandlers, 'rebuildMenus'>, deps: Pick<SurfaceDeps, 'omnibox' | 'surfacesStale' | 'onStorageChanged'>): void {
  const refresh = () =>
    // rebuildMenus never rejects: MenuBuilder logs its own failures.
    void handlers.rebuildMenus().then(() => {
      try {
        // After rebuildMenus: it applies the interface language the hint is written in.
        deps.omnibox?.setDefaultSuggestion?.({ description: t('omniboxDefault') });
      } catch {
        // Not fatal: the keyword still works without the hint.
      }
    });
  for (const event of deps.surfacesStale ?? []) event.addListener(refresh);
  deps.onStorageChanged.addListener((changes, area) => {
    if (area === 'local' && (TEMPLATES_KEY in changes || SETTINGS_KEY in changes)) refresh();
  });
}
