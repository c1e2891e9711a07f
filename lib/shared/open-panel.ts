// Opening the side panel from a user gesture. Chrome: sidePanel.open() must be CALLED before any
// await in the handler (docs/platform-notes.md#side-panel-gesture-rule), so this function is synchronous up to the call and only
// returns the promise. Firefox: sidebarAction.open(), same rule.

export interface PanelTarget {
  windowId?: number;
}

interface SidebarAction {
  open(): Promise<void>;
}

function firefoxSidebar(): SidebarAction | undefined {
  const ns = (globalThis as { browser?: { sidebarAction?: Partial<SidebarAction> } }).browser;
  return typeof ns?.sidebarAction?.open === 'function' ? (ns.sidebarAction as SidebarAction) : undefined;
}

/**
 * Opens the panel NOW (synchronously starts the browser call). Resolves true when it opened,
 * false when the browser refused (no gesture, no API): the caller decides on a fallback.
 */
export function openSidePanel(target: PanelTarget): Promise<boolean> {
  try {
    const sidebar = firefoxSidebar();
    if (sidebar) return sidebar.open().then(() => true, () => false);
    const panel = typeof chrome !== 'undefined' ? chrome.sidePanel : undefined;
    if (panel && typeof panel.open === 'function') {
      const windowId = target.windowId ?? chrome.windows.WINDOW_ID_CURRENT;
      return panel.open({ windowId }).then(
        () => true,
        (error: unknown) => {
          console.warn('FlareChat: the side panel did not open', error);
          return false;
        },
      );
    }
  } catch (error) {
    console.warn('FlareChat: the side panel did not open', error);
  }
  return Promise.resolve(false);
}
