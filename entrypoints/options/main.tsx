import { render } from 'preact';
import { OptionsApp } from '@/components/OptionsApp';
import { DataClient } from '@/lib/pages/data-client';
import { portDoctor } from '@/lib/pages/port-doctor';
import { OptionsController } from '@/lib/pages/options';
import { browserPlatform } from '@/lib/pages/platform';
import { portHistory } from '@/lib/pages/port-history';

// One teardown for everything this page starts: ports, listeners.
const teardown = new AbortController();
addEventListener('pagehide', () => teardown.abort(), { once: true });
const { signal } = teardown;

const data = new DataClient({ signal });
const options = new OptionsController(data, portHistory(data), browserPlatform, { signal });
data.start();
void options.init();

render(<OptionsApp options={options} doctor={portDoctor(data)} />, document.getElementById('app')!);
