import { render } from 'preact';
import { OptionsApp } from '@/components/OptionsApp';
import { OptionsController } from '@/lib/ui/options';
import { browserPlatform } from '@/lib/ui/platform';
import { storageHistory } from '@/lib/ui/storage-history';

const options = new OptionsController(storageHistory, browserPlatform);
void options.init();
addEventListener('pagehide', () => options.dispose());

render(<OptionsApp options={options} />, document.getElementById('app')!);
