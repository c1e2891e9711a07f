import { render } from 'preact';
import { PopupApp } from '@/components/PopupApp';
import { ChatActions } from '@/lib/pages/actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { browserPlatform } from '@/lib/pages/platform';
import { popupHistory, PopupController } from '@/lib/pages/popup';

const store = new ChatStore();
const client = new ChatClient(store);
const actions = new ChatActions(store, client, popupHistory(), browserPlatform);
const popup = new PopupController(actions);
void actions.init().then(() => popup.init());
addEventListener('pagehide', () => {
  popup.dispose();
  actions.dispose();
});

render(<PopupApp popup={popup} />, document.getElementById('app')!);
