// Reads the last `count` records of an index range in one request where the browser can
// (IDBIndex.getAllRecords with direction 'prev', IndexedDB 3.0: Chrome 141+,
// https://developer.chrome.com/blog/indexeddb-getallrecords), else with a cursor walked backwards
// (one request per row). The history list and search read this way (issue #16: each await on a
// cursor is a round trip in the worker; 100 of them were most of the list's time).
import { unwrap } from 'idb';

export interface BackwardsRecord<V, K> {
  primaryKey: K;
  value: V;
}

interface NativeRecord {
  primaryKey: IDBValidKey;
  value: unknown;
}
type GetAllRecords = (options: { query?: IDBKeyRange | null; count?: number; direction?: IDBCursorDirection }) => IDBRequest<NativeRecord[]>;

/** The part of an idb index used here (a wrapped IDBIndex). */
export interface BackwardsIndex<V, K> {
  openCursor(range: IDBKeyRange | null, direction: 'prev'): Promise<{ value: V; primaryKey: K; continue(): Promise<unknown> } | null>;
}

function nativeGetAllRecords(index: unknown): GetAllRecords | undefined {
  const raw = unwrap(index as Parameters<typeof unwrap>[0]) as unknown as { getAllRecords?: GetAllRecords };
  return typeof raw?.getAllRecords === 'function' ? raw.getAllRecords.bind(raw) : undefined;
}

export async function readBackwards<V, K>(index: BackwardsIndex<V, K>, range: IDBKeyRange | null, count: number): Promise<BackwardsRecord<V, K>[]> {
  if (count <= 0) return [];
  const getAllRecords = nativeGetAllRecords(index);
  if (getAllRecords) {
    const request = getAllRecords({ query: range, count, direction: 'prev' });
    const records = await new Promise<NativeRecord[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('getAllRecords failed'));
    });
    return records.map((r) => ({ primaryKey: r.primaryKey as K, value: r.value as V }));
  }
  const out: BackwardsRecord<V, K>[] = [];
  let cursor = await index.openCursor(range, 'prev');
  while (cursor && out.length < count) {
    out.push({ primaryKey: cursor.primaryKey, value: cursor.value });
    if (out.length < count) cursor = (await cursor.continue()) as typeof cursor;
  }
  return out;
}
