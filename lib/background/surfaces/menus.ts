// The context menu: built from the templates, rebuilt (serially) when they or the interface
// language change. Pure entry list + a small rebuild routine around an injected menus API.
import { t } from '@/lib/shared/i18n';
import { templateTitle, type PromptTemplate } from '@/lib/protocol/templates';

export const MENU_ASK = 'fc-ask';
/** issue #12: quote the selection in the conversation open in the panel instead of a new chat. */
export const MENU_ADD_TO_CHAT = 'fc-add-to-chat';
/** issue #15: the remembered 2-3 models answer the selection side by side in the panel. */
export const MENU_COMPARE = 'fc-compare';
export const MENU_PAGE_SUMMARY = 'fc-page-summary';
export const MENU_TEMPLATE_PREFIX = 'fc-template:';

export type MenuContext = 'selection' | 'page';

export interface MenuEntry {
  id: string;
  title: string;
  contexts: MenuContext[];
}

export interface MenuClickInfo {
  menuItemId: string | number;
  /** The selected text as the browser reported it for this click: the source of truth. */
  selectionText?: string;
  pageUrl?: string;
  /** The frame the menu was opened in (0: the top frame) and its URL, when it is a subframe. */
  frameId?: number;
  frameUrl?: string;
}

/** The part of browser.contextMenus used (the fake browser lacks it; tests stub this). */
export interface MenusApi {
  create(properties: { id: string; title: string; contexts: [MenuContext, ...MenuContext[]] }, callback?: () => void): unknown;
  removeAll(): Promise<void>;
}

/** Menu entries in order: Ask, Add to current chat, Compare answers, the templates (on a selection), Summarize this page (no selection). */
export function menuEntries(templates: readonly PromptTemplate[], languageLabel: string): MenuEntry[] {
  return [
    { id: MENU_ASK, title: t('menuAsk'), contexts: ['selection'] },
    { id: MENU_ADD_TO_CHAT, title: t('menuAddToChat'), contexts: ['selection'] },
    { id: MENU_COMPARE, title: t('menuCompare'), contexts: ['selection'] },
    ...templates.map((template) => ({ id: MENU_TEMPLATE_PREFIX + template.id, title: templateTitle(template, languageLabel), contexts: ['selection'] as MenuContext[] })),
    { id: MENU_PAGE_SUMMARY, title: t('menuSummarizePage'), contexts: ['page'] },
  ];
}

/** Rebuilds the menu; calls are queued so two rebuilds never interleave (duplicate-id errors). */
export class MenuBuilder {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly menus: MenusApi) {}

  rebuild(entries: () => Promise<MenuEntry[]>): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        const list = await entries();
        await this.menus.removeAll();
        for (const entry of list) {
          const [first, ...rest] = entry.contexts;
          // The callback reads lastError so a failure is logged, not thrown as "unchecked".
          this.menus.create({ id: entry.id, title: entry.title, contexts: [first, ...rest] }, () => {
            const error = typeof chrome !== 'undefined' ? chrome.runtime?.lastError : undefined;
            if (error) console.warn('FlareChat: menu item not created', entry.id, error.message);
          });
        }
      })
      .catch((error) => console.error('FlareChat: menu rebuild failed', error));
    return this.chain;
  }
}
