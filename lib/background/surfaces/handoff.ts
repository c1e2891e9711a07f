// Menu, command, omnibox and popup requests reach the side panel through storage.session: the
// background opens the panel first (inside the user gesture), then writes a handoff here; the panel
// takes it on mount, or on storage.session.onChanged when it was already open. One key per handoff
// (`handoff:<id>`), so writers never race on a shared list. Entries older than HANDOFF_TTL_MS are
// dropped unread (a panel that never opened must not act on a prompt minutes later). No timers:
// stale entries are swept whenever a handoff is written or taken.
import * as v from 'valibot';
import { handoffSchemas, type Handoff, type HandoffRequest, type HandoffTarget } from '@/lib/protocol/handoff';
import { isRecord } from '@/lib/shared/guards';
import { HANDOFF_TTL_MS } from '@/lib/shared/limits';

export const HANDOFF_PREFIX = 'handoff:';

/** The part of a storage area used here (browser.storage.session; a fake in tests). */
export interface HandoffArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export function newHandoffId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Picks the schema by `kind` (an own key only) rather than v.variant, which is heavy for the worker. */
function isHandoff(value: unknown): value is Handoff {
  const kind = isRecord(value) ? value.kind : undefined;
  return typeof kind === 'string' && Object.hasOwn(handoffSchemas, kind) && v.is(handoffSchemas[kind as keyof typeof handoffSchemas], value);
}

function stale(handoff: Handoff, now: number): boolean {
  return now - handoff.createdAt > HANDOFF_TTL_MS || handoff.createdAt > now + 60_000;
}

async function sweep(area: HandoffArea, all: Record<string, unknown>, now: number): Promise<void> {
  const old = Object.entries(all)
    .filter(([key, value]) => key.startsWith(HANDOFF_PREFIX) && (!isHandoff(value) || stale(value, now)))
    .map(([key]) => key);
  if (old.length) await area.remove(old);
}

/** Stamps and stores a handoff; returns it. */
export async function putHandoff(area: HandoffArea, request: HandoffRequest, now = Date.now()): Promise<Handoff> {
  const handoff = { ...request, id: newHandoffId(), createdAt: now };
  await area.set({ [HANDOFF_PREFIX + handoff.id]: handoff });
  await sweep(area, await area.get(null), now).catch(() => undefined);
  return handoff;
}

function matches(handoff: Handoff, target: HandoffTarget): boolean {
  return 'handoffId' in target ? handoff.id === target.handoffId : handoff.windowId === target.windowId;
}

/**
 * Removes and returns the fresh handoffs for `target`, oldest first; drops stale ones of every
 * window. The caller must not run two takes at once (HandoffConsumer serialises them).
 */
export async function takeHandoffs(area: HandoffArea, target: HandoffTarget, now = Date.now()): Promise<Handoff[]> {
  const all = await area.get(null);
  const mine = Object.values(all)
    .filter(isHandoff)
    .filter((h) => !stale(h, now) && matches(h, target))
    .sort((a, b) => a.createdAt - b.createdAt);
  if (mine.length) await area.remove(mine.map((h) => HANDOFF_PREFIX + h.id));
  await sweep(area, all, now);
  return mine;
}

/**
 * Takes handoffs for one page exactly once: `pump()` on mount and on every storage change;
 * pumps are serialised and each id is handled once even if storage hands it back twice.
 */
export class HandoffConsumer {
  private chain: Promise<void> = Promise.resolve();
  private readonly seen = new Set<string>();

  constructor(
    private readonly area: HandoffArea,
    private readonly target: () => Promise<HandoffTarget | null>,
    private readonly handle: (handoff: Handoff) => void | Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  pump(): Promise<void> {
    this.chain = this.chain.then(() => this.run()).catch((error) => console.error('FlareChat handoff failed', error));
    return this.chain;
  }

  private async run(): Promise<void> {
    const target = await this.target();
    if (!target) return;
    for (const handoff of await takeHandoffs(this.area, target, this.now())) {
      if (this.seen.has(handoff.id)) continue;
      this.seen.add(handoff.id);
      await this.handle(handoff);
    }
  }
}

/** Does a storage change touch handoffs? (storage.onChanged filter.) */
export function touchesHandoffs(changes: Record<string, unknown>): boolean {
  return Object.keys(changes).some((key) => key.startsWith(HANDOFF_PREFIX));
}
