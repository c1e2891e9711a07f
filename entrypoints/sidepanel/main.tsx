import { render } from 'preact';
import { App } from '@/components/App';
import { ChatActions } from '@/lib/ui/actions';
import { ChatClient } from '@/lib/ui/chat-client';
import { ChatStore } from '@/lib/ui/chat-store';
import { browserPlatform } from '@/lib/ui/platform';
import { storageHistory } from '@/lib/ui/storage-history';

const store = new ChatStore();
const client = new ChatClient(store);
const actions = new ChatActions(store, client, storageHistory, browserPlatform);
void actions.init();
addEventListener('pagehide', () => actions.dispose());

render(<App actions={actions} />, document.getElementById('app')!);
