// The background half of the entry points: context menu, keyboard commands and the omnibox.
// Every handler opens the side panel FIRST and synchronously (no await before it: the user
// gesture is lost at the first await), then does its async work and hands the request to the
// panel through storage.session (./handoff.ts). Listeners are added synchronously by
// registerSurfaces(), called from startBackground().
import { applyLanguage, t } from '@/lib/shared/i18n';
import type { ChatOptions } from '@/lib/protocol/messages';
import type { HandoffRequest } from '@/lib/protocol/handoff';
import type { Unusable } from '@/lib/protocol/context-blocks';
import { putHandoff } from './handoff';
import { languageCode, languageName } from './language';
import { MENU_ADD_TO_CHAT, MENU_ASK, MENU_COMPARE, MENU_PAGE_SUMMARY, MENU_TEMPLATE_PREFIX, MenuBuilder, menuEntries, type MenuClickInfo } from './menus';
import { templateTitle } from '@/lib/protocol/templates';
import { contextBlock, restrictedUrl, unusableContent, type PageContent } from './page-context';
import { chooseSelection, selectionSource } from './selection';
import { browserSurfaceDeps, type SurfaceDeps, type TabInfo } from './surface-deps';
import { COMPARE_PROMPT, expandTemplate, PAGE_SUMMARY_PROMPT, templateVariables } from './templates';
import { refreshSurfacesWhenStale } from './refresh';


export const COMMAND_OPEN_PANEL = 'open-side-panel';
export const COMMAND_SUMMARIZE = 'summarize-page';

export interface SurfaceHandlers {
  onMenuClicked(info: MenuClickInfo, tab?: TabInfo): void;
  onCommand(command: string, tab?: TabInfo): void;
  onOmniboxEntered(text: string): void;
  rebuildMenus(): Promise<void>;
  /** The work started by the last handler (tests await it). */
  settled(): Promise<void>;
}

const log = (error: unknown) => console.error('FlareChat surface handler failed', error);

export function createSurfaces(deps: SurfaceDeps): SurfaceHandlers {
  const builder = deps.menus ? new MenuBuilder(deps.menus) : null;
  let last: Promise<void> = Promise.resolve();
  const track = (work: Promise<void>) => {
    last = work.catch(log);
  };

  const language = async () => {
    const setting = await deps.interfaceLanguage().catch(() => undefined);
    const code = languageCode(setting, deps.uiLanguage());
    return { code, setting, forModel: languageName(code, 'en'), forMenu: languageName(code, code) };
  };

  const handoff = (request: HandoffRequest) => putHandoff(deps.session, request);
  const refuse = (windowId: number | undefined, reason: Unusable, url?: string) => handoff({ kind: 'refused', reason, url, windowId });

  async function extract(tab: TabInfo | undefined, pageUrl: string | undefined): Promise<PageContent | Unusable> {
    const url = pageUrl ?? tab?.url;
    if (url !== undefined && restrictedUrl(url)) return 'restricted';
    if (tab?.id === undefined) return 'error';
    let content: PageContent | null;
    try {
      content = await deps.extractPage(tab.id);
    } catch (error) {
      if (url && /\.pdf($|[?#])/i.test(url)) return 'pdf';
      return /cannot (access|be scripted)|extensions gallery|chrome:\/\//i.test(String(error)) ? 'restricted' : 'error';
    }
    return unusableContent(content) ?? (content as PageContent);
  }

  async function summarizePage(tab: TabInfo | undefined, pageUrl?: string): Promise<void> {
    const windowId = tab?.windowId;
    const content = await extract(tab, pageUrl);
    if (typeof content === 'string') {
      await refuse(windowId, content, pageUrl ?? tab?.url);
      return;
    }
    const { forModel } = await language();
    const expanded = expandTemplate(PAGE_SUMMARY_PROMPT, { page: content.text, title: content.title, url: content.url, language: forModel, action: t('menuSummarizePage') });
    await handoff({ kind: 'prompt', text: expanded.text, contexts: expanded.contexts, windowId });
  }

  /** The text the menu reported, with its line breaks back when the clicked frame still holds it (./selection.ts). */
  async function selectionOf(info: MenuClickInfo, tab: TabInfo | undefined): Promise<string> {
    const live = tab?.id !== undefined ? await deps.readSelection(tab.id, info.frameId ?? 0).catch(() => undefined) : undefined;
    return chooseSelection(info.selectionText, live);
  }

  async function runTemplate(id: string, info: MenuClickInfo, tab: TabInfo | undefined): Promise<void> {
    const windowId = tab?.windowId;
    const template = (await deps.loadTemplates()).find((x) => x.id === id);
    if (!template) return;
    const selection = await selectionOf(info, tab);
    let page: PageContent | undefined;
    if (templateVariables(template.prompt).includes('page')) {
      const content = await extract(tab, info.pageUrl);
      if (typeof content === 'string') return void (await refuse(windowId, content, info.pageUrl));
      page = content;
    }
    const { forModel, forMenu } = await language();
    const expanded = expandTemplate(template.prompt, {
      action: templateTitle(template, forMenu),
      selection,
      page: page?.text,
      title: page?.title ?? tab?.title,
      url: page?.url ?? selectionSource(info, tab),
      language: forModel,
    });
    const options: ChatOptions = {};
    if (template.model) options.model = template.model;
    if (template.system) options.system = template.system;
    await handoff({ kind: 'prompt', text: expanded.text, contexts: expanded.contexts, options, windowId });
  }

  /** `current`: quote it in the conversation open in the panel rather than a new chat (issue #12). */
  async function ask(info: MenuClickInfo, tab: TabInfo | undefined, current = false): Promise<void> {
    const selection = await selectionOf(info, tab);
    const { block } = contextBlock('selection', selection, { source: selectionSource(info, tab), title: tab?.title });
    await handoff({ kind: 'ask', context: block, windowId: tab?.windowId, ...(current ? { current: true } : {}) });
  }

  /** "Compare answers": the selection, delimited as data like a template's, compared in the panel (issue #15). */
  async function compare(info: MenuClickInfo, tab: TabInfo | undefined): Promise<void> {
    const selection = await selectionOf(info, tab);
    const { forModel } = await language();
    const expanded = expandTemplate(COMPARE_PROMPT, { action: t('menuCompare'), selection, title: tab?.title, url: selectionSource(info, tab), language: forModel });
    await handoff({ kind: 'compare', text: expanded.text, contexts: expanded.contexts, windowId: tab?.windowId });
  }

  const handlers: SurfaceHandlers = {
    onMenuClicked(info, tab) {
      void deps.openPanel({ windowId: tab?.windowId }); // first, synchronously
      const id = String(info.menuItemId);
      if (id === MENU_ASK) track(ask(info, tab));
      else if (id === MENU_ADD_TO_CHAT) track(ask(info, tab, true));
      else if (id === MENU_COMPARE) track(compare(info, tab));
      else if (id === MENU_PAGE_SUMMARY) track(summarizePage(tab, info.pageUrl));
      else if (id.startsWith(MENU_TEMPLATE_PREFIX)) track(runTemplate(id.slice(MENU_TEMPLATE_PREFIX.length), info, tab));
    },

    onCommand(command, tab) {
      if (command !== COMMAND_OPEN_PANEL && command !== COMMAND_SUMMARIZE) return;
      void deps.openPanel({ windowId: tab?.windowId }); // first, synchronously
      if (command === COMMAND_SUMMARIZE) track(summarizePage(tab));
    },

    onOmniboxEntered(text) {
      const question = text.trim();
      const opened = deps.openPanel({}); // first, synchronously (the current window)
      if (!question) return;
      track(
        (async () => {
          if (await opened) {
            await handoff({ kind: 'prompt', text: question, windowId: await deps.lastFocusedWindow() });
            return;
          }
          // The panel refused to open (no gesture it accepts): the panel page in a tab, addressed by id.
          const entry = await handoff({ kind: 'prompt', text: question });
          await deps.openTab(deps.panelUrl(entry.id));
        })(),
      );
    },

    rebuildMenus() {
      if (!builder) return Promise.resolve();
      return builder.rebuild(async () => {
        const [templates, lang] = await Promise.all([deps.loadTemplates(), language()]);
        // Menu titles follow the interface language chosen in the options.
        await applyLanguage(lang.setting);
        return menuEntries(templates, lang.forMenu);
      });
    },

    settled: () => last,
  };
  return handlers;
}

/** Adds every listener synchronously; returns the handlers (the e2e build exposes them). */
export function registerSurfaces(deps: SurfaceDeps = browserSurfaceDeps()): SurfaceHandlers {
  const handlers = createSurfaces(deps);
  deps.menus?.onClicked.addListener((info, tab) => handlers.onMenuClicked(info, tab));
  deps.onCommand?.addListener((command, tab) => handlers.onCommand(command, tab));
  deps.omnibox?.onInputEntered.addListener((text) => handlers.onOmniboxEntered(text));
  refreshSurfacesWhenStale(handlers, deps);
  return handlers;
}
