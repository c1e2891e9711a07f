// Extension and page APIs the panel needs, kept out of components/ (house rule: components never
// call browser.*). Tests hand in their own Platform.
import { browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';

export interface Platform {
  /** Open the playground origin in a new tab (the user passes Cloudflare's check there). */
  openPlayground(): Promise<void>;
  /** Save text (or a file already built) as a file through a download link. */
  download(filename: string, content: string | Blob, mime: string): void;
}

export function playgroundUrl(): string {
  return new URL('/', PLAYGROUND_ORIGIN).href;
}

export const browserPlatform: Platform = {
  async openPlayground() {
    await browser.tabs.create({ url: playgroundUrl(), active: true });
  },
  download(filename, content, mime) {
    const url = URL.createObjectURL(new Blob([content], { type: mime }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
