import { render } from 'preact';
import { App } from '@/components/App';
import { ChatActions } from '@/lib/ui/actions';
import { ChatClient } from '@/lib/ui/chat-client';
import { ChatStore } from '@/lib/ui/chat-store';
import { startHandoffs } from '@/lib/ui/handoffs';
import { browserPlatform } from '@/lib/ui/platform';
import { storageHistory } from '@/lib/ui/storage-history';

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
