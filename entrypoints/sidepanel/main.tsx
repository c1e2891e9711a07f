import { render } from 'preact';
import { App } from '@/components/App';
import { ChatActions } from '@/lib/pages/actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { startHandoffs } from '@/lib/pages/handoffs';
import { browserPlatform } from '@/lib/pages/platform';
import { storageHistory } from '@/lib/pages/storage-history';

const store = new ChatStore();
const client = new ChatClient(store);
const actions = new ChatActions(store, client, storageHistory, browserPlatform);
// issue #4: requests from the context menu, shortcuts, omnibox and popup arrive as handoffs,
// taken once settings are applied (so a template's model is not overwritten by the default).
let stopHandoffs: (() => void) | null = null;
void actions.init().then(() => (stopHandoffs = startHandoffs(actions)));
addEventListener('pagehide', () => {
  stopHandoffs?.();
  actions.dispose();
});

render(<App actions={actions} />, document.getElementById('app')!);
