// Which faults are active, and counting their uses (`times`): one place so every route counts alike.
import type { EmulatorConfig, Fault } from './types';

export class FaultBook {
  constructor(private readonly config: () => EmulatorConfig) {}

  isActive(f: Fault): boolean {
    return this.config().faults.active.includes(f);
  }

  /** If `f` is active, count one use (dropping it when its `times` run out) and return true. */
  take(f: Fault): boolean {
    const fc = this.config().faults;
    if (!fc.active.includes(f)) return false;
    const left = fc.times[f];
    if (left === undefined ? f === 'restart' : left <= 1) {
      fc.active = fc.active.filter((x) => x !== f);
      delete fc.times[f];
    } else if (left !== undefined) fc.times[f] = left - 1;
    return true;
  }

  /** Stream-shaping faults for one chat request (each counts one use). */
  takeStreamFaults(): Set<Fault> {
    const out = new Set<Fault>();
    for (const f of ['slow-drip', 'stall', 'drop-mid', 'malformed'] as const) if (this.take(f)) out.add(f);
    return out;
  }
}
