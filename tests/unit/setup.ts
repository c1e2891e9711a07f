// Every unit test gets a clean fake browser and a fresh in-memory IndexedDB.
import 'fake-indexeddb/auto';
import { afterAll, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setFallbackCatalogue } from '@/lib/shared/i18n';
import en from '@/public/_locales/en/messages.json';

// The fake browser has no i18n: English comes from the catalogue, as the real browser would give it.
setFallbackCatalogue(en);

beforeEach(() => {
  fakeBrowser.reset();
});

// Preact's hooks schedule effects with requestAnimationFrame plus a 100 ms fallback timer that
// calls cancelAnimationFrame. Under load that timer can outlive a happy-dom test file and fire
// after the DOM globals are gone ("cancelAnimationFrame is not defined"). Let it drain first.
if (typeof window !== 'undefined') {
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 150)));
}
