// The protocol canary (issue #14): every frame, chunk type, rpc reply or HTTP format the parsers do
// not recognise is written down, so the playground's next protocol change arrives as a bug report
// instead of a silent failure. A bounded ring in storage.local (the last 50 shapes), each sample
// redacted (strings → lengths, lib/playground/redact.ts) and truncated: no conversation text is kept.
// Parsers call `recordUnknown` and carry on; it never throws and never blocks a stream.
import { browser } from 'wxt/browser';
import type { CanaryKind, CanaryRecord, CanarySnapshot } from '@/lib/protocol/doctor';
import { redactSample, shapeOf } from './redact';

export const CANARY_KEY = 'doctor:canary';
export const CANARY_LOOKED_KEY = 'doctor:canary-looked';
export const CANARY_LIMIT = 50;
export const SAMPLE_CHARS = 500;
const SHAPE_CHARS = 300;

interface Pending {
  kind: CanaryKind;
  shape: string;
  sample: string;
  at: number;
}

let queue: Pending[] = [];
let flushing: Promise<void> | undefined;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Record one unrecognised unit. `sample` is the raw frame/line/chunk (string or parsed value);
 * it is redacted here, before anything is stored. Fire and forget: writes are coalesced, so a
 * stream of unknown frames costs one storage write per round trip, not one per frame.
 */
export function recordUnknown(kind: CanaryKind, sample: unknown, now: number = Date.now()): Promise<void> {
  let entry: Pending;
  try {
    entry = { kind, shape: truncate(shapeOf(sample), SHAPE_CHARS), sample: truncate(redactSample(sample), SAMPLE_CHARS), at: now };
  } catch {
    return Promise.resolve();
  }
  queue.push(entry);
  flushing ??= flush().finally(() => {
    flushing = undefined;
  });
  return flushing;
}

async function flush(): Promise<void> {
  while (queue.length > 0) {
    const batch = queue;
    queue = [];
    try {
      const records = await readRecords();
      for (const item of batch) merge(records, item);
      await browser.storage.local.set({ [CANARY_KEY]: records.slice(-CANARY_LIMIT) });
    } catch {
      // Storage full or gone (worker shutting down): the canary is best effort.
    }
  }
}

/** Same kind and shape: count it; otherwise a new record at the end (most recent last). */
export function merge(records: CanaryRecord[], item: Pending): void {
  const index = records.findIndex((r) => r.kind === item.kind && r.shape === item.shape);
  if (index >= 0) {
    const [record] = records.splice(index, 1);
    records.push({ ...record, count: record.count + 1, lastSeen: item.at });
  } else {
    records.push({ kind: item.kind, shape: item.shape, sample: item.sample, count: 1, firstSeen: item.at, lastSeen: item.at });
  }
  if (records.length > CANARY_LIMIT) records.splice(0, records.length - CANARY_LIMIT);
}

async function readRecords(): Promise<CanaryRecord[]> {
  const stored = (await browser.storage.local.get(CANARY_KEY))[CANARY_KEY];
  return Array.isArray(stored) ? (stored as CanaryRecord[]).filter(isRecord) : [];
}

function isRecord(value: unknown): value is CanaryRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<CanaryRecord>;
  return typeof r.kind === 'string' && typeof r.shape === 'string' && typeof r.sample === 'string'
    && typeof r.count === 'number' && typeof r.firstSeen === 'number' && typeof r.lastSeen === 'number';
}

/** The records (oldest first) and how many shapes are new since the user last looked. */
export async function readCanary(): Promise<CanarySnapshot> {
  await flushing;
  const [records, looked] = await Promise.all([
    readRecords(),
    browser.storage.local.get(CANARY_LOOKED_KEY).then((got) => got[CANARY_LOOKED_KEY]),
  ]);
  const lookedAt = typeof looked === 'number' ? looked : 0;
  return { records, unseen: records.filter((r) => r.firstSeen > lookedAt).length };
}

/** The user looked at the canary (opened the report or the Connection section). */
export async function markCanarySeen(now: number = Date.now()): Promise<void> {
  await flushing;
  await browser.storage.local.set({ [CANARY_LOOKED_KEY]: now });
}

export async function clearCanary(): Promise<void> {
  await flushing;
  await browser.storage.local.remove([CANARY_KEY, CANARY_LOOKED_KEY]);
}
