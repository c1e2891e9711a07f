import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const MOCK_BROWSER = fileURLToPath(new URL('./tests/unit/mock-browser.ts', import.meta.url));

/**
 * Points WxtVitest's `wxt/browser` alias at tests/unit/mock-browser.ts (the file says why). Vite's
 * alias plugin runs before any other resolver, so the alias entry itself is replaced, in a `config`
 * hook that runs after WxtVitest's has added it.
 */
function lightMockBrowser(): Plugin {
  return {
    name: 'flarechat:light-mock-browser',
    config(config) {
      const aliases = config.resolve?.alias;
      const entry = Array.isArray(aliases) ? aliases.find((a: { find: unknown }) => a.find === 'wxt/browser') : undefined;
      if (!entry) throw new Error('WxtVitest no longer aliases wxt/browser: drop lightMockBrowser()');
      entry.replacement = MOCK_BROWSER;
    },
  };
}

// Unit tests: the fake browser from WXT, happy-dom per file where a test renders components.
export default defineConfig({
  plugins: [WxtVitest(), lightMockBrowser()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
    setupFiles: ['tests/unit/setup.ts'],
  },
});
