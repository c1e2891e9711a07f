import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { socketOrigin } from '@/lib/shared/manifest-origin';

/** The agents socket of one instance; `_pk` is a fresh PartySocket connection id per socket. */
export function agentsUrl(sessionName: string): string {
  return `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/playground/${encodeURIComponent(sessionName)}?_pk=${crypto.randomUUID()}`;
}
