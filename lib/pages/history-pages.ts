// The history list's rows, a page at a time (issue #16: the panel's memory flat with 10,000
// conversations). Pages are read by keyset cursor (the last row of the page before: no offset walk
// in IndexedDB) and only the pages near what the list shows are kept; a page scrolled far away is
// dropped and read again when the user scrolls back. What stays for every page ever read is its
// cursor and the group of its last row: a few dozen bytes a page, not its rows.
import { signal } from '@preact/signals';
import type { Conversation } from '@/lib/protocol/records';
import type { ListCursor } from '@/lib/protocol/data';
import { HISTORY_PAGE_SIZE } from './history';
import { groupOf, type HistoryGroupKey } from './history-groups';

export const PAGE_ROWS = HISTORY_PAGE_SIZE;
/** Pages kept on each side of the ones on screen (a PageUp/PageDown never waits for a read). */
const KEEP_AROUND = 1;

/** Reads page `page`: the PAGE_ROWS rows after `before` (undefined: from the top). */
export type PageFetcher = (page: number, before: ListCursor | undefined) => Promise<Conversation[]>;

const cursorOf = (row: Conversation): ListCursor => ({ pinned: row.pinned, updatedAt: row.updatedAt, id: row.id });
const sameCursor = (a: ListCursor | undefined, b: ListCursor) => a?.id === b.id && a.updatedAt === b.updatedAt && a.pinned === b.pinned;
const byListOrder = (a: Conversation, b: Conversation) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt;

export class HistoryPages {
  /** Bumped on every change the list must re-render for. */
  readonly version = signal(0);
  /**
   * Unset until the panel's first reset(): a sheet opened before then shows its loading row, not
   * "No conversations yet" (an empty read would have said the history is empty for ~100 ms).
   */
  private fetcher: PageFetcher | undefined;
  private grouped = true;
  private pages = new Map<number, Conversation[]>();
  /** cursors[k]: where page k starts; pages 0..cursors.length-1 are known to exist. */
  private cursors: (ListCursor | undefined)[] = [undefined];
  private lastGroups: HistoryGroupKey[] = [];
  private groupStarts = new Map<number, HistoryGroupKey>();
  private complete = false;
  private exactCount = 0;
  private generation = 0;
  private refreshing = false;
  /** reset() was called: the pages held belong to the previous list. */
  private fresh = false;
  private inFlight = new Set<number>();
  private first = 0;
  private last = 0;
  private keep: number | undefined;

  constructor(private readonly onError: (error: unknown) => void, private readonly onLoaded: () => void) {}

  /** Rows the list lays out: all rows found so far, plus one "loading" row while more may exist. */
  get count(): number {
    return this.complete ? this.exactCount : (this.cursors.length - 1) * PAGE_ROWS + 1;
  }

  get isComplete(): boolean {
    return this.complete;
  }

  /** The row at `index`, or undefined while its page is not in memory. */
  row(index: number): Conversation | undefined {
    return this.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  /** Indexes of rows that start a date group (none in search results, which are ranked). */
  get groups(): ReadonlyMap<number, HistoryGroupKey> {
    return this.groupStarts;
  }

  /** Rows held in memory (tests and the bench check it stays bounded). */
  get heldRows(): number {
    let n = 0;
    for (const rows of this.pages.values()) n += rows.length;
    return n;
  }

  /**
   * A new list (another search, or back to the full history): the next refresh reads its first page
   * and only then forgets the old pages, so the list never flashes empty between two keystrokes.
   */
  reset(fetcher: PageFetcher, grouped: boolean): void {
    this.generation++;
    this.fetcher = fetcher;
    this.grouped = grouped;
    this.fresh = true;
    this.inFlight.clear();
  }

  private clear(): void {
    this.fresh = false;
    this.pages.clear();
    this.cursors = [undefined];
    this.lastGroups = [];
    this.groupStarts.clear();
    this.complete = false;
    this.first = this.last = 0;
  }

  /** The rows on screen: loads their pages (and one either side), drops the far ones; `keep` (the focused row) stays. */
  setWindow(first: number, last: number, keep?: number): void {
    this.first = Math.max(0, first);
    this.last = Math.max(this.first, last);
    this.keep = keep === undefined ? undefined : Math.floor(keep / PAGE_ROWS);
    this.ensure();
  }

  /**
   * The history changed (renamed, deleted, a new answer…): reads the pages in memory again, in
   * order, each from the fresh end of the one before, so no row is doubled or skipped; what lies
   * beyond them is found again as the user scrolls.
   */
  async refresh(): Promise<void> {
    const fetcher = this.fetcher;
    if (!fetcher) return;
    const generation = ++this.generation;
    this.inFlight.clear();
    this.refreshing = true;
    const held = this.fresh ? [] : [...this.pages.keys()];
    const lo = held.length ? Math.min(...held) : 0;
    const hi = held.length ? Math.max(...held) : 0;
    try {
      for (let page = lo; page <= hi && page < this.cursors.length; page++) {
        const rows = await fetcher(page, this.fresh ? undefined : this.cursors[page]);
        if (generation !== this.generation) return;
        if (this.fresh) this.clear();
        this.cursors.length = page + 1;
        this.complete = false;
        for (const key of this.groupStarts.keys()) if (key >= (page + 1) * PAGE_ROWS) this.groupStarts.delete(key);
        this.store(page, rows);
        if (this.complete) break;
      }
      this.onLoaded();
    } catch (error) {
      if (generation === this.generation) this.onError(error);
    } finally {
      if (generation === this.generation) {
        this.refreshing = false;
        this.version.value++;
        this.ensure();
      }
    }
  }

  private ensure(): void {
    if (this.refreshing || !this.fetcher) return;
    const from = Math.floor(this.first / PAGE_ROWS) - KEEP_AROUND;
    const to = Math.floor(this.last / PAGE_ROWS) + KEEP_AROUND;
    for (const page of [...this.pages.keys()]) if ((page < from || page > to) && page !== this.keep) this.pages.delete(page);
    for (let page = Math.max(0, from); page <= to && page < this.cursors.length; page++) {
      if (!this.pages.has(page) && !this.inFlight.has(page)) void this.load(page);
    }
  }

  private async load(page: number): Promise<void> {
    const fetcher = this.fetcher!;
    const generation = this.generation;
    this.inFlight.add(page);
    try {
      const rows = await fetcher(page, this.cursors[page]);
      if (generation !== this.generation) return;
      this.inFlight.delete(page);
      // A page read again after changes above it may end elsewhere than the next page starts: the
      // pages after it are read again from its new end instead of showing a row twice or never.
      const next = this.cursors[page + 1];
      if (next && rows.length >= PAGE_ROWS && !sameCursor(next, cursorOf(rows[PAGE_ROWS - 1]))) {
        for (const held of [...this.pages.keys()]) if (held > page) this.pages.delete(held);
        this.cursors.length = page + 1;
        this.complete = false;
      }
      this.store(page, rows);
      this.onLoaded();
      this.version.value++;
      this.ensure();
    } catch (error) {
      if (generation === this.generation) {
        this.inFlight.delete(page);
        this.onError(error);
      }
    }
  }

  private store(page: number, read: Conversation[]): void {
    const full = read.length >= PAGE_ROWS;
    const rows = read.slice(0, PAGE_ROWS).filter((c) => !c.deletedAt).sort(byListOrder);
    this.pages.set(page, rows);
    if (full) {
      if (this.cursors.length === page + 1) this.cursors.push(cursorOf(read[PAGE_ROWS - 1]));
    } else {
      this.complete = true;
      this.exactCount = page * PAGE_ROWS + rows.length;
      this.cursors.length = page + 1;
      for (const held of [...this.pages.keys()]) if (held > page) this.pages.delete(held);
    }
    if (this.grouped) this.markGroups(page);
  }

  /** Group starts inside this page, and at the start of the next if it is held. */
  private markGroups(page: number): void {
    const start = page * PAGE_ROWS;
    for (const key of this.groupStarts.keys()) if (key >= start && key < start + PAGE_ROWS) this.groupStarts.delete(key);
    const rows = this.pages.get(page)!;
    let previous = page === 0 ? undefined : this.lastGroups[page - 1];
    rows.forEach((row, i) => {
      const group = groupOf(row);
      if (group !== previous) this.groupStarts.set(start + i, group);
      previous = group;
    });
    if (previous) this.lastGroups[page] = previous;
    const next = this.pages.get(page + 1)?.[0];
    if (next) {
      const group = groupOf(next);
      if (group !== previous) this.groupStarts.set(start + PAGE_ROWS, group);
      else this.groupStarts.delete(start + PAGE_ROWS);
    }
  }
}
