import { render } from 'preact';
import { OptionsApp } from '@/components/OptionsApp';
import { OptionsController } from '@/lib/pages/options';
import { browserPlatform } from '@/lib/pages/platform';
import { storageHistory } from '@/lib/pages/storage-history';

const options = new OptionsController(storageHistory, browserPlatform);
void options.init();
addEventListener('pagehide', () => options.dispose());

render(<OptionsApp options={options} />, document.getElementById('app')!);
