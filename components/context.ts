import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChatActions } from '@/lib/pages/actions';
import type { PanelActions } from '@/lib/pages/panel-actions';

export const ActionsContext = createContext<ChatActions | null>(null);

/** The page's actions (and, through them, its store). Throws outside <ActionsContext.Provider>. */
export function useActions(): ChatActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions() outside ActionsContext');
  return actions;
}

/** The side panel's actions, with the history list (PanelActions). Throws on a page without it. */
export function usePanelActions(): PanelActions {
  const actions = useActions();
  if (!('historyPages' in actions)) throw new Error('usePanelActions() on a page without the history list');
  return actions as PanelActions;
}
