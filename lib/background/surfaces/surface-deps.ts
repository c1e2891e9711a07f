// The browser half of the entry points: what the surface handlers (./register.ts) need from the
// browser, as one injectable object (unit tests pass fakes), and its real implementation.
import { browser } from 'wxt/browser';
import { loadSettings } from '@/lib/background/storage/settings';
import { openSidePanel } from '@/lib/shared/open-panel';
import type { HandoffArea } from './handoff';
import type { MenuClickInfo, MenusApi } from './menus';
import type { PageContent } from './page-context';
import type { PromptTemplate } from '@/lib/protocol/templates';
import { loadTemplates } from './templates';

export interface TabInfo {
  id?: number;
  windowId?: number;
  url?: string;
  title?: string;
}

export interface SurfaceDeps {
  /** Absent where the browser has no context menus (the fake browser in unit tests). */
  menus?: MenusApi & { onClicked: { addListener(listener: (info: MenuClickInfo, tab?: TabInfo) => void): void } };
  onCommand?: { addListener(listener: (command: string, tab?: TabInfo) => void): void };
  omnibox?: {
    onInputEntered: { addListener(listener: (text: string) => void): void };
    setDefaultSuggestion?(suggestion: { description: string }): void;
  };
  /** Events after which the menus and the omnibox hint may be missing or stale: install/update, browser start. */
  surfacesStale?: { addListener(listener: () => void): void }[];
  onStorageChanged: { addListener(listener: (changes: Record<string, unknown>, area: string) => void): void };
  session: HandoffArea;
  openPanel(target: { windowId?: number }): Promise<boolean>;
  /** Runs /extract-page.js in the tab (activeTab + scripting). */
  extractPage(tabId: number): Promise<PageContent | null>;
  /**
   * The live selection in one frame of the tab (menus collapse its line breaks); undefined when
   * unreadable. `frameId`: the frame the menu was opened in (0 = the top frame).
   */
  readSelection(tabId: number, frameId?: number): Promise<string | undefined>;
  openTab(url: string): Promise<void>;
  lastFocusedWindow(): Promise<number | undefined>;
  loadTemplates(): Promise<PromptTemplate[]>;
  interfaceLanguage(): Promise<string | undefined>;
  uiLanguage(): string;
  panelUrl(handoffId: string): string;
}

type ScriptResult = { result?: unknown }[];

export function browserSurfaceDeps(): SurfaceDeps {
  const api = browser as unknown as {
    contextMenus?: SurfaceDeps['menus'];
    commands?: { onCommand: NonNullable<SurfaceDeps['onCommand']> };
    omnibox?: SurfaceDeps['omnibox'];
  };
  return {
    menus: api.contextMenus,
    onCommand: api.commands?.onCommand,
    omnibox: api.omnibox,
    surfacesStale: [browser.runtime.onInstalled, browser.runtime.onStartup],
    onStorageChanged: browser.storage.onChanged,
    session: browser.storage.session,
    openPanel: openSidePanel,
    async extractPage(tabId) {
      const results = (await browser.scripting.executeScript({ target: { tabId }, files: ['/extract-page.js'] })) as ScriptResult;
      return (results[0]?.result as PageContent | undefined) ?? null;
    },
    async readSelection(tabId, frameId = 0) {
      // The frame the user right-clicked in: an iframe's selection is not the top page's
      // (https://developer.chrome.com/docs/extensions/reference/api/scripting#type-InjectionTarget).
      const target = { tabId, frameIds: [frameId] };
      const results = (await browser.scripting.executeScript({ target, func: () => getSelection()?.toString() ?? '' })) as ScriptResult;
      const value = results[0]?.result;
      return typeof value === 'string' ? value : undefined;
    },
    async openTab(url) {
      await browser.tabs.create({ url, active: true });
    },
    async lastFocusedWindow() {
      return (await browser.windows.getLastFocused()).id;
    },
    loadTemplates,
    interfaceLanguage: async () => (await loadSettings()).language,
    uiLanguage: () => browser.i18n?.getUILanguage?.() ?? 'en',
    panelUrl: (handoffId) => browser.runtime.getURL(`/sidepanel.html?handoff=${encodeURIComponent(handoffId)}` as '/sidepanel.html'),
  };
}
