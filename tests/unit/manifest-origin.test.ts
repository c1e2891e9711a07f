import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extensionPagesCsp, FIREFOX_DATA_COLLECTION, playgroundHostPatterns, socketOrigin } from '@/lib/shared/manifest-origin';

describe('manifest values derived from the playground origin', () => {
  it('lists the https and wss patterns for the real origin, nothing broader', () => {
    expect(playgroundHostPatterns('https://playground.ai.cloudflare.com')).toEqual([
      'https://playground.ai.cloudflare.com/*',
      'wss://playground.ai.cloudflare.com/*',
    ]);
  });
  it('maps an http emulator origin to http and ws patterns without a port', () => {
    expect(playgroundHostPatterns('http://127.0.0.1:8787')).toEqual(['http://127.0.0.1/*', 'ws://127.0.0.1/*']);
  });
  it('keeps the port in the socket origin', () => {
    expect(socketOrigin('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787');
    expect(socketOrigin('https://playground.ai.cloudflare.com')).toBe('wss://playground.ai.cloudflare.com');
  });
  it('allows connections only to the playground in the CSP', () => {
    const csp = extensionPagesCsp('https://playground.ai.cloudflare.com');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain('connect-src \'self\' https://playground.ai.cloudflare.com wss://playground.ai.cloudflare.com');
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
  });
  it('denies everything not listed (default-src none) and lists only what the pages use (issue #11)', () => {
    const csp = extensionPagesCsp('https://playground.ai.cloudflare.com');
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data:");
    expect([...directives.keys()].sort()).toEqual(
      ['base-uri', 'connect-src', 'default-src', 'form-action', 'img-src', 'object-src', 'script-src', 'style-src'].sort(),
    );
    for (const open of ['font-src', 'media-src', 'frame-src', 'worker-src', 'child-src']) expect(directives.has(open)).toBe(false);
  });
});

describe('privacy declarations match what is sent (issue #11)', () => {
  it('Firefox: declares the chat, the page text and its URL, not "none"', () => {
    expect(FIREFOX_DATA_COLLECTION.required).not.toContain('none');
    expect([...FIREFOX_DATA_COLLECTION.required].sort()).toEqual(['browsingActivity', 'personalCommunications', 'websiteContent']);
  });
  it('PRIVACY.md names the model-list request and does not claim that nothing is sent on its own', () => {
    const policy = readFileSync(new URL('../../PRIVACY.md', import.meta.url), 'utf8');
    expect(policy).not.toMatch(/never sends anything on its own/i);
    expect(policy).toMatch(/model list/i);
    expect(policy).toContain('/api/models');
    for (const category of FIREFOX_DATA_COLLECTION.required) expect(policy).toContain(category);
  });
});
