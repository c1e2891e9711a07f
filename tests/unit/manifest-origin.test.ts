import { describe, expect, it } from 'vitest';
import { extensionPagesCsp, playgroundHostPatterns, socketOrigin } from '@/lib/shared/manifest-origin';

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
});
