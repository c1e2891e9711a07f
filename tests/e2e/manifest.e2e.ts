// Least privilege on the PRODUCTION build (never the dev build: WXT dev adds localhost to the CSP),
// and a smoke load of the e2e build.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchExtension, PROD_BUILD, E2E_BUILD } from './harness';

interface Manifest {
  manifest_version: number;
  minimum_chrome_version?: string;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  content_scripts?: Array<{ matches: string[] }>;
  web_accessible_resources?: unknown;
  externally_connectable?: unknown;
  background?: { service_worker?: string };
}

const readManifest = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('production manifest (.output/chrome-mv3)', () => {
  it('is MV3 with a service worker and minimum_chrome_version >= 116', async () => {
    const m = await readManifest(PROD_BUILD);
    expect(m.manifest_version).toBe(3);
    expect(m.background?.service_worker).toBeTruthy();
    expect(Number(m.minimum_chrome_version)).toBeGreaterThanOrEqual(116);
  });

  it('asks only for the playground https:// and wss:// hosts', async () => {
    const m = await readManifest(PROD_BUILD);
    expect([...(m.host_permissions ?? [])].sort()).toEqual([
      'https://playground.ai.cloudflare.com/*',
      'wss://playground.ai.cloudflare.com/*',
    ]);
    const everyPattern = [
      ...(m.host_permissions ?? []),
      ...(m.optional_host_permissions ?? []),
      ...(m.content_scripts ?? []).flatMap((c) => c.matches),
    ];
    for (const pattern of everyPattern) {
      expect(pattern).not.toBe('<all_urls>');
      expect(pattern).not.toMatch(/^\*:|:\/\/\*/); // no *:// scheme, no wildcard host
    }
  });

  it('requests none of the broad permissions', async () => {
    const m = await readManifest(PROD_BUILD);
    const all = [...(m.permissions ?? []), ...(m.optional_permissions ?? [])];
    for (const banned of ['cookies', 'tabs', 'webRequest', 'webRequestBlocking', '<all_urls>', 'unlimitedStorage', 'debugger']) {
      expect(all).not.toContain(banned);
    }
    expect(m.externally_connectable).toBeUndefined();
  });

  it('ships a CSP with no unsafe-eval and no remote script', async () => {
    const m = await readManifest(PROD_BUILD);
    const csp = m.content_security_policy?.extension_pages ?? '';
    expect(csp).not.toBe('');
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/unsafe-inline/);
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
    expect(scriptSrc.split(/\s+/).slice(1)).toEqual(["'self'"]);
    expect(csp).not.toMatch(/localhost|127\.0\.0\.1/);
  });
});

describe('e2e build (.output/chrome-mv3-e2e)', () => {
  it('points at the emulator origin only', async () => {
    const m = await readManifest(E2E_BUILD);
    expect([...(m.host_permissions ?? [])].sort()).toEqual(['http://127.0.0.1/*', 'ws://127.0.0.1/*']);
  });

  it('loads in Chromium and its service worker starts', async () => {
    const ext = await launchExtension({ extensionDir: E2E_BUILD });
    try {
      expect(ext.worker.url()).toBe(`chrome-extension://${ext.extensionId}/background.js`);
      const granted = await ext.worker.evaluate(() => chrome.permissions.getAll());
      expect(granted.origins).toEqual(expect.arrayContaining(['http://127.0.0.1/*']));
    } finally {
      await ext.close();
    }
  });
});
