import { defineConfig } from 'wxt';
import { playgroundHostPatterns, extensionPagesCsp } from './lib/manifest-origin';

// The playground origin is fixed at build time (WXT_PLAYGROUND_ORIGIN), never at run time:
// tests and the offline demo point it at the local emulator. The same value feeds the host
// permissions, the CSP and (through import.meta.env) the client and the header rules.
const ORIGIN = process.env.WXT_PLAYGROUND_ORIGIN || 'https://playground.ai.cloudflare.com';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    minimum_chrome_version: '116',
    permissions: [
      'storage',
      // Rewrites Origin/Referer on our own requests to the playground only; "WithHostAccess"
      // needs the host permission below and shows no install warning.
      // https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#permissions
      'declarativeNetRequestWithHostAccess',
      // The agents WebSocket is opened from an offscreen document: DNR cannot rewrite the
      // Origin of a socket opened by the service worker (see docs in lib/playground/socket-relay.ts).
      ...(browser === 'chrome' ? ['offscreen'] : []),
      // The tab fallback transport injects its relay into a playground tab on demand; our host
      // permission limits it to the playground. No content script runs anywhere by default.
      'scripting',
    ],
    host_permissions: playgroundHostPatterns(ORIGIN),
    content_security_policy: { extension_pages: extensionPagesCsp(ORIGIN) },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'flarechat@flarechat.dev',
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
