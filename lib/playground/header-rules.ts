// Session DNR rules that make our own requests look like the playground's: a service worker (or
// extension document) otherwise sends `Origin: chrome-extension://<id>` and no Referer.
// Scoped to requests initiated by this extension and bound for the playground host only.
// https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-ModifyHeaderInfo
import { browser, type Browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';

export const HEADER_RULE_ID = 1;

export function headerRules(extensionHost: string, origin = PLAYGROUND_ORIGIN): Browser.declarativeNetRequest.Rule[] {
  const { hostname, origin: playgroundOrigin } = new URL(origin);
  return [
    {
      id: HEADER_RULE_ID,
      priority: 1,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [
          { header: 'origin', operation: 'set', value: playgroundOrigin },
          { header: 'referer', operation: 'set', value: `${playgroundOrigin}/` },
        ],
      },
      condition: {
        requestDomains: [hostname],
        initiatorDomains: [extensionHost],
        resourceTypes: ['xmlhttprequest', 'websocket', 'other'],
      },
    },
  ];
}

/** Idempotent; session rules survive worker restarts but not a browser restart. */
export async function installHeaderRules(): Promise<void> {
  const extensionHost = new URL(browser.runtime.getURL('/')).host;
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [HEADER_RULE_ID],
    addRules: headerRules(extensionHost),
  });
}
