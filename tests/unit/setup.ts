// Every unit test gets a clean fake browser and a fresh in-memory IndexedDB.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setFallbackCatalogue } from '@/lib/i18n';
import en from '@/public/_locales/en/messages.json';

// The fake browser has no i18n: English comes from the catalogue, as the real browser would give it.
setFallbackCatalogue(en);

beforeEach(() => {
  fakeBrowser.reset();
});
