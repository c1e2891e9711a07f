import { render } from 'preact';
import { PopupApp } from '@/components/PopupApp';
import { ChatActions } from '@/lib/pages/actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { DataClient } from '@/lib/pages/data-client';
import { browserPlatform } from '@/lib/pages/platform';
import { browserPopupDeps, popupHistory, PopupController } from '@/lib/pages/popup';

// One teardown for everything this page starts: ports, listeners, timers.
const teardown = new AbortController();
addEventListener('pagehide', () => teardown.abort(), { once: true });
const { signal } = teardown;

const store = new ChatStore();
const data = new DataClient({ signal });
const client = new ChatClient(store, { signal });
const actions = new ChatActions(store, client, popupHistory(data), browserPlatform, signal);
const popup = new PopupController(actions, browserPopupDeps(data), signal);
data.start();
void actions.init().then(() => popup.init());

render(<PopupApp popup={popup} />, document.getElementById('app')!);
