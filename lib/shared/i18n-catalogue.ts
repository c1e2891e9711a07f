// Reads a packaged _locales catalogue. A service worker cannot use dynamic import(), so this is
// a fetch of the extension's own file (chrome-extension://…/_locales/…), never the network.
import { browser } from 'wxt/browser';
import type { LocaleMessages } from './i18n';

export async function loadCatalogue(language: 'en' | 'ru'): Promise<LocaleMessages> {
  // eslint-disable-next-line no-restricted-globals -- a file inside the extension package, not a network request
  const response = await fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`));
  if (!response.ok) throw new Error(`No catalogue for ${language}`);
  return (await response.json()) as LocaleMessages;
}
