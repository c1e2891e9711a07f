import { describe, expect, it } from 'vitest';
import { isInternalSender } from '@/lib/background/sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;

describe('isInternalSender', () => {
  it.each([
    ['no sender', undefined],
    ['no url', { id: ID, frameId: 0 }],
    ['another extension', { id: 'x'.repeat(32), url: `chrome-extension://${'x'.repeat(32)}/sidepanel.html`, frameId: 0 }],
    ['our id but a web page url', { id: ID, url: 'https://evil.example/sidepanel.html', frameId: 0 }],
    ['look-alike host', { id: ID, url: `chrome-extension://${ID}.evil.com/sidepanel.html`, frameId: 0 }],
    ['file url', { id: ID, url: 'file:///sidepanel.html', frameId: 0 }],
    ['data url', { id: ID, url: 'data:text/html,hi', frameId: 0 }],
    ['sub-frame', { id: ID, url: `${ORIGIN}/sidepanel.html`, frameId: 3 }],
    ['unknown page', { id: ID, url: `${ORIGIN}/evil.html`, frameId: 0 }],
    ['relay page', { id: ID, url: `${ORIGIN}/socket-relay.html`, frameId: 0 }],
    ['mismatched origin field', { id: ID, url: `${ORIGIN}/sidepanel.html`, origin: 'https://evil.example', frameId: 0 }],
    ['garbage url', { id: ID, url: 'not a url', frameId: 0 }],
  ])('rejects %s', (_name, sender) => {
    expect(isInternalSender(sender, ID, ORIGIN)).toBe(false);
  });

  it.each([
    ['side panel', { id: ID, url: `${ORIGIN}/sidepanel.html`, frameId: 0, origin: ORIGIN }],
    ['side panel with query', { id: ID, url: `${ORIGIN}/sidepanel.html?conversation=x`, frameId: 0 }],
    ['popup', { id: ID, url: `${ORIGIN}/popup.html`, frameId: 0 }],
    ['popup without frameId (Firefox)', { id: ID, url: `${ORIGIN}/popup.html` }],
  ])('accepts %s', (_name, sender) => {
    expect(isInternalSender(sender, ID, ORIGIN)).toBe(true);
  });
});
