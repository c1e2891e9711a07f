// Which selected text a context-menu click sends (issue #11: an iframe selection sent an older
// selection of the top page instead). The text the menu reported for this click is the source of
// truth. Reading the selection again in the clicked frame may only enrich it: menus collapse
// line breaks (and Chrome may shorten long selections), so the live text is used only when it is
// the same text once whitespace is collapsed, or that text continued.
import type { MenuClickInfo } from './menus';
import type { TabInfo } from './surface-deps';

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function chooseSelection(reported: string | undefined, live: string | undefined): string {
  const menu = collapse(reported ?? '');
  if (!live?.trim()) return reported ?? '';
  if (!menu) return reported ?? ''; // nothing reported: a live selection elsewhere is not what was clicked
  const current = collapse(live);
  return current === menu || current.startsWith(menu) ? live : (reported ?? '');
}

/** Where the selected text came from: the clicked frame's address, else the page's. */
export function selectionSource(info: MenuClickInfo, tab: TabInfo | undefined): string | undefined {
  if (info.frameId !== undefined && info.frameId !== 0 && info.frameUrl) return info.frameUrl;
  return info.pageUrl ?? tab?.url;
}
