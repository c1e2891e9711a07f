// Where each history row sits in the windowed list (issue #16): rows have one fixed height and date
// group titles another, so any row's offset is arithmetic and the list renders only the rows near
// the viewport, however many there are.
import type { HistoryGroupKey } from '@/lib/pages/history-groups';

export interface ListGeometry {
  rowHeight: number;
  headerHeight: number;
  count: number;
  /** Row index → the group that starts at it (a title sits above that row). */
  groups: ReadonlyMap<number, HistoryGroupKey>;
}

export class HistoryLayout {
  private readonly starts: number[];

  constructor(private readonly g: ListGeometry) {
    this.starts = [...g.groups.keys()].filter((i) => i < g.count).sort((a, b) => a - b);
  }

  /** Group titles above row `index`, its own included. */
  private titlesUpTo(index: number): number {
    let n = 0;
    for (const start of this.starts) if (start <= index) n++;
    return n;
  }

  /** The top of row `index`, below its group title if it starts a group. */
  top(index: number): number {
    return index * this.g.rowHeight + this.titlesUpTo(index) * this.g.headerHeight;
  }

  get height(): number {
    return this.g.count * this.g.rowHeight + this.starts.length * this.g.headerHeight;
  }

  /** The row at offset `y` (clamped to the list). */
  indexAt(y: number): number {
    let lo = 0;
    let hi = this.g.count - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.top(mid) <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /** Group titles whose row is in [first, last]. */
  titlesIn(first: number, last: number): { index: number; key: HistoryGroupKey; top: number }[] {
    return this.starts
      .filter((i) => i >= first && i <= last)
      .map((index) => ({ index, key: this.g.groups.get(index)!, top: this.top(index) - this.g.headerHeight }));
  }
}
