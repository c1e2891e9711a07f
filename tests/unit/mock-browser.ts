// `wxt/browser` in unit tests: the same fake browser WXT's own mock gives, without its import of
// `wxt/testing`, whose index also loads WxtVitest and with it WXT's whole build system (vite,
// unimport, …) into every test file: ~0.8 s of set-up per file, about 100 s of a 230 s unit run.
import { fakeBrowser } from 'wxt/testing/fake-browser';

export const browser = fakeBrowser;
export default fakeBrowser;
