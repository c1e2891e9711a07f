import { defineConfig } from 'wxt';
import { FIREFOX_DATA_COLLECTION, playgroundHostPatterns, extensionPagesCsp } from './lib/shared/manifest-origin';
import { markedLexerOnly } from './build/marked-lexer-only';

// The playground origin is fixed at build time (WXT_PLAYGROUND_ORIGIN), never at run time:
// tests and the offline demo point it at the local emulator. The same value feeds the host
// permissions, the CSP and (through import.meta.env) the client and the header rules.
const ORIGIN = process.env.WXT_PLAYGROUND_ORIGIN || 'https://playground.ai.cloudflare.com';

export default defineConfig({
  // No webextension-polyfill: `wxt/browser` is the native `browser` (Firefox) or `chrome` (Chrome
  // >= 116, whose MV3 APIs return promises), so the worker does not carry ~10 KB gzip of wrappers
  // (docs/platform-notes.md#wxt-notes).
  // Only marked's Lexer reaches the pages (build/marked-lexer-only.ts: -3.2 KB gzip per page).
  // Production builds minify with terser, which packs smaller than Vite's default esbuild (README,
  // "Still missed": -2.7 KB gzip in the worker); test and demo builds keep esbuild, which is faster.
  vite: (env) => ({ plugins: [markedLexerOnly()], build: { minify: env.mode === 'production' ? 'terser' : 'esbuild' } }),
  // `npm run zip`: the Chrome and Firefox packages plus Firefox's sources zip (for AMO review);
  // test output and generated pictures stay out of the sources.
  zip: {
    excludeSources: ['test-results/**', 'bench-results/**', 'tests/screenshots/**', 'web-ext-artifacts/**', '*.log'],
  },
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
      // issue #4: the right-click entries (Ask, Summarize, Explain, Translate, templates, Summarize this page).
      'contextMenus',
      // issue #4: "Summarize this page" reads the current tab only after a click or shortcut; no host permission.
      'activeTab',
      // issue #11: a scheduled rate-limit retry wakes a stopped worker (lib/background/engine/retries.ts).
      'alarms',
    ],
    host_permissions: playgroundHostPatterns(ORIGIN),
    content_security_policy: { extension_pages: extensionPagesCsp(ORIGIN) },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // issue #4: the toolbar button opens the quick prompt.
    action: { default_title: '__MSG_extName__', default_popup: 'popup.html' },
    // issue #4: keyboard shortcuts, user-editable in chrome://extensions/shortcuts (at most 4 suggested keys).
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+F' }, description: '__MSG_commandQuickPrompt__' },
      'open-side-panel': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandOpenPanel__' },
      'summarize-page': { suggested_key: { default: 'Alt+Shift+U' }, description: '__MSG_commandSummarize__' },
    },
    // issue #4: "cf <question>" in the address bar asks FlareChat.
    omnibox: { keyword: 'cf' },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'flarechat@flarechat.dev',
          strict_min_version: '142.0',
          // What is sent to Cloudflare (chats, page text, its URL): see FIREFOX_DATA_COLLECTION and PRIVACY.md.
          data_collection_permissions: { required: [...FIREFOX_DATA_COLLECTION.required] },
        },
      },
    }),
  }),
});
