import { render } from 'preact';
import { App } from '@/components/App';
import { PanelActions } from '@/lib/pages/panel-actions';
import { ChatClient } from '@/lib/pages/chat-client';
import { ChatStore } from '@/lib/pages/chat-store';
import { DataClient } from '@/lib/pages/data-client';
import { watchCanary } from '@/lib/pages/doctor-client';
import { portHandoffDeps, startHandoffs } from '@/lib/pages/handoffs';
import { browserPlatform } from '@/lib/pages/platform';
import { portHistory } from '@/lib/pages/port-history';
import { portPanelMemory, startPanelMemory } from '@/lib/pages/panel-memory';
import { browserPageDeps, PageAttachment, pageAttachmentSlot } from '@/lib/pages/page-attachment';

// One teardown for everything this page starts: ports, listeners, timers.
const teardown = new AbortController();
addEventListener('pagehide', () => teardown.abort(), { once: true });
const { signal } = teardown;

const store = new ChatStore();
const data = new DataClient({ signal });
const client = new ChatClient(store, { signal });
const actions = new PanelActions(store, client, portHistory(data), browserPlatform, signal);
data.start();
// issue #14: the header's canary mark.
watchCanary(data, signal);
// issue #4: requests from the context menu, shortcuts, omnibox and popup arrive as handoffs,
// taken once settings are applied (so a template's model is not overwritten by the default).
// issue #12: the conversation last open in this window comes back first (live if still streaming),
// then handoffs apply on top of it.
void actions
  .init()
  .then(() => startPanelMemory(actions, portPanelMemory(data), signal))
  .then(() => startHandoffs(actions, portHandoffDeps(data), signal));

// issue #13: the page chip above the composer follows this window's active tab.
const page = new PageAttachment(store, browserPageDeps());
pageAttachmentSlot.value = page;
void page.start(signal).catch((error) => console.error('FlareChat page chip failed', error));

render(<App actions={actions} />, document.getElementById('app')!);
