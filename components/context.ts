import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChatActions } from '@/lib/pages/actions';

export const ActionsContext = createContext<ChatActions | null>(null);

/** The panel's actions (and, through them, its store). Throws outside <ActionsContext.Provider>. */
export function useActions(): ChatActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions() outside ActionsContext');
  return actions;
}
