// Cloudflare's edge as the emulator plays it: the strict-origin gate, the three challenge gates and
// the "visit the site" page (GET /) that clears them, optionally after an interstitial.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { randomId } from './encoders';
import type { FaultBook } from './fault-book';
import type { EmulatorConfig, Fault } from './types';
import { parseCookies } from './util';

const FIXTURES = new URL('../fixtures/playground/', import.meta.url);
export const CHALLENGE_HTML = readFileSync(new URL('error-403.html', FIXTURES));
export const TEXT_PLAIN = 'text/plain;charset=UTF-8';
const HOME_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Workers AI Playground (emulator)</title></head>' +
  '<body><h1>Workers AI Playground (emulator)</h1><p>Local emulator for FlareChat tests.</p></body></html>';
const CLEARANCE_COOKIE = 'cf_clearance';
const CLEARANCE_COOKIE_LAX = 'cf_clearance_lax';
/** `partitioned-clearance`: the only cookie that clears it, set `Partitioned` (CHIPS). */
const CLEARANCE_COOKIE_PARTITIONED = 'cf_clearance_p';
/** `challengeDelayMs`: when the visitor first saw the challenge page (ms since the epoch). */
const CHALLENGE_PENDING_COOKIE = 'cf_chl_pending';

export interface Blocked {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  fault: Fault;
}

export type Reply = (status: number, headers: Record<string, string | number>, body?: string | Buffer, fault?: Fault) => void;

export class Gate {
  /** Revoked (replaced) when `challengeCleared` is set to false. */
  clearanceToken = randomId(32);

  constructor(
    private readonly faults: FaultBook,
    private readonly config: () => EmulatorConfig,
    private readonly origin: () => string,
  ) {}

  /** Edge gates shared by HTTP requests and upgrades: strict-origin, then challenge. */
  check(req: http.IncomingMessage, skipChallenge = false): Blocked | null {
    const origin = req.headers.origin;
    if (this.faults.isActive('strict-origin') && origin !== undefined && origin !== this.origin()) {
      this.faults.take('strict-origin');
      return { status: 403, headers: { 'content-type': TEXT_PLAIN }, body: Buffer.from('Forbidden origin'), fault: 'strict-origin' };
    }
    const challenged = skipChallenge ? undefined : this.challengeFault(req);
    if (challenged) {
      this.faults.take(challenged);
      return { status: 403, headers: challengeHeaders(), body: CHALLENGE_HTML, fault: challenged };
    }
    return null;
  }

  /**
   * Which challenge gate blocks this request, if any:
   * - `challenge-persistent`: every request, whatever cookies it carries (a check that never clears);
   * - `partitioned-clearance`: requests without the Partitioned clearance cookie (only the playground
   *   tab's own requests carry it: extension contexts are another cookie partition);
   * - `challenge`: requests without either unpartitioned clearance cookie.
   */
  private challengeFault(req: http.IncomingMessage): Fault | undefined {
    if (this.faults.isActive('challenge-persistent')) return 'challenge-persistent';
    if (this.faults.isActive('partitioned-clearance') && !this.hasPartitionedClearance(req)) return 'partitioned-clearance';
    if (this.faults.isActive('challenge') && !this.hasClearance(req)) return 'challenge';
    return undefined;
  }

  private hasPartitionedClearance(req: http.IncomingMessage): boolean {
    return this.config().challengeCleared && parseCookies(req.headers.cookie).get(CLEARANCE_COOKIE_PARTITIONED) === this.clearanceToken;
  }

  /** Either clearance cookie (SameSite=None; Secure, or the SameSite=Lax twin) with the current token. */
  private hasClearance(req: http.IncomingMessage): boolean {
    if (!this.config().challengeCleared) return false;
    const c = parseCookies(req.headers.cookie);
    return c.get(CLEARANCE_COOKIE) === this.clearanceToken || c.get(CLEARANCE_COOKIE_LAX) === this.clearanceToken;
  }

  /** GET / — the "visit the site" page, 200 in every mode, exempt from the challenge; it clears it. */
  home(req: http.IncomingMessage, res: http.ServerResponse, send: Reply): void {
    const isActive = (f: Fault): boolean => this.faults.isActive(f);
    const headers: Record<string, string | number> = { 'content-type': 'text/html; charset=UTF-8' };
    const gated = isActive('challenge') || isActive('challenge-persistent') || isActive('partitioned-clearance');
    const delay = this.config().faults.challengeDelayMs;
    if (gated && delay !== null) {
      const pending = Number(parseCookies(req.headers.cookie).get(CHALLENGE_PENDING_COOKIE));
      if (!Number.isFinite(pending) || pending <= 0 || Date.now() - pending < delay) {
        const since = Number.isFinite(pending) && pending > 0 ? pending : Date.now();
        res.setHeader('set-cookie', `${CHALLENGE_PENDING_COOKIE}=${since}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`);
        const fault = (['challenge-persistent', 'partitioned-clearance', 'challenge'] as const).find(isActive);
        send(403, { ...challengeHeaders(), refresh: '1' }, CHALLENGE_HTML, fault);
        return;
      }
    }
    const cookies: string[] = [];
    if (isActive('challenge') || isActive('challenge-persistent')) {
      cookies.push(
        `${CLEARANCE_COOKIE}=${this.clearanceToken}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=None`,
        `${CLEARANCE_COOKIE_LAX}=${this.clearanceToken}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`,
      );
    }
    if (isActive('partitioned-clearance')) {
      cookies.push(`${CLEARANCE_COOKIE_PARTITIONED}=${this.clearanceToken}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=None; Partitioned`);
    }
    if (cookies.length > 0) {
      this.config().challengeCleared = true;
      res.setHeader('set-cookie', cookies);
    }
    send(200, headers, HOME_PAGE);
  }
}

export function challengeHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=UTF-8',
    'cf-mitigated': 'challenge',
    server: 'cloudflare',
    'cf-ray': `${randomId(16).toLowerCase()}-EMU`,
    'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
    expires: 'Thu, 01 Jan 1970 00:00:01 GMT',
  };
}
