import { render } from 'preact';
import { PopupApp } from '@/components/PopupApp';
import { ChatActions } from '@/lib/ui/actions';
import { ChatClient } from '@/lib/ui/chat-client';
import { ChatStore } from '@/lib/ui/chat-store';
import { browserPlatform } from '@/lib/ui/platform';
import { popupHistory, PopupController } from '@/lib/ui/popup';

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
