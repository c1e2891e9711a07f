// Large files cross the data port in parts (issue #16). Import: no single port message carries
// more than IMPORT_PART_CHARS, the next part goes only when the background took the one before, the
// parts join back into the file and no cut splits an emoji. Export: the page builds the file from
// the export-part events and refuses one that arrived incomplete.
import { afterEach, describe, expect, it } from 'vitest';
import { DataClient } from '@/lib/pages/data-client';
import { portHistory } from '@/lib/pages/port-history';
import { IMPORT_PART_CHARS } from '@/lib/shared/limits';
import type { DataRequest } from '@/lib/protocol/data';
import { fakeConnect, type FakePort } from './harness';

let data: DataClient | undefined;
afterEach(() => data?.close());

/** The background's side: answers each request on the page's port as it arrives. */
function answer(port: FakePort, result: (request: DataRequest) => unknown) {
  const posted = port.posted as unknown as DataRequest[];
  let seen = 0;
  /** The most requests ever waiting for an answer at once. */
  let maxPending = 0;
  const tick = () => {
    maxPending = Math.max(maxPending, posted.length - seen);
    for (; seen < posted.length; seen++) {
      const request = posted[seen];
      port.onMessage.trigger({ type: 'data-result', requestId: request.requestId, request: request.type, result: result(request) });
    }
  };
  return {
    posted,
    tick,
    get maxPending() {
      return maxPending;
    },
  };
}

async function run(text: string) {
  const ports = fakeConnect();
  data = new DataClient();
  data.start();
  const port = ports[0];
  let received = 0;
  const background = answer(port, (r) => (r.type === 'import-part' ? { received: (received += r.text.length) } : { conversations: 7 }));
  const importing = portHistory(data).importText(text);
  let settled = false;
  void importing.finally(() => (settled = true));
  while (!settled) {
    await new Promise((r) => setTimeout(r, 0));
    background.tick();
    await new Promise((r) => setTimeout(r, 0));
  }
  return { result: await importing, posted: background.posted, maxPending: background.maxPending };
}

describe('import over the data port', () => {
  it('sends a small file as one part, and an empty one as one empty part', async () => {
    const small = await run('{"small":true}');
    expect(small.result).toEqual({ conversations: 7 });
    expect(small.posted).toMatchObject([{ type: 'import-part', index: 0, text: '{"small":true}' }, { type: 'data-import', parts: 1 }]);
    data?.close();
    const empty = await run('');
    expect(empty.posted).toMatchObject([{ type: 'import-part', index: 0, text: '' }, { type: 'data-import', parts: 1 }]);
  });

  it('sends a larger file in parts of at most IMPORT_PART_CHARS, in order, one at a time, then data-import', async () => {
    const text = Array.from({ length: 2 * IMPORT_PART_CHARS + 1234 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const { result, posted, maxPending } = await run(text);
    expect(result).toEqual({ conversations: 7 });
    expect(maxPending).toBe(1);
    const parts = posted.filter((m): m is Extract<DataRequest, { type: 'import-part' }> => m.type === 'import-part');
    expect(parts.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(parts.every((p) => p.text.length <= IMPORT_PART_CHARS && p.uploadId === parts[0].uploadId)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(posted.at(-1)).toMatchObject({ type: 'data-import', uploadId: parts[0].uploadId, parts: 3 });
    expect(posted).toHaveLength(4);
  });

  it('never cuts an emoji in two at a part boundary', async () => {
    const text = `${'a'.repeat(IMPORT_PART_CHARS - 1)}😀${'b'.repeat(10)}`;
    const { posted } = await run(text);
    const parts = posted.filter((m): m is Extract<DataRequest, { type: 'import-part' }> => m.type === 'import-part').map((p) => p.text);
    expect(parts).toEqual(['a'.repeat(IMPORT_PART_CHARS - 1), `😀${'b'.repeat(10)}`]);
  });

  it('stops at the first refused part and rejects with its message', async () => {
    const ports = fakeConnect();
    data = new DataClient();
    data.start();
    const port = ports[0];
    const importing = portHistory(data).importText('x'.repeat(IMPORT_PART_CHARS * 3));
    const failed = expect(importing).rejects.toThrow('The import was interrupted; choose the file again.');
    await new Promise((r) => setTimeout(r, 0));
    const first = port.posted[0] as unknown as DataRequest;
    port.onMessage.trigger({ type: 'data-error', requestId: first.requestId, error: 'The import was interrupted; choose the file again.' });
    await failed;
    expect(port.posted.map((m) => m.type)).toEqual(['import-part']);
  });
});

describe('export over the data port', () => {
  async function exportWith(parts: string[], result: { parts: number; chars: number }) {
    const ports = fakeConnect();
    data = new DataClient();
    data.start();
    const port = ports[0];
    const exporting = portHistory(data).exportAll();
    await new Promise((r) => setTimeout(r, 0));
    const request = port.posted[0] as unknown as DataRequest;
    expect(request.type).toBe('export-all');
    // Another request's part on the same port is not this file's.
    port.onMessage.trigger({ type: 'export-part', requestId: 'someone-else', index: 0, text: 'NOT MINE' });
    parts.forEach((text, index) => port.onMessage.trigger({ type: 'export-part', requestId: request.requestId, index, text }));
    port.onMessage.trigger({ type: 'data-result', requestId: request.requestId, request: 'export-all', result });
    return exporting;
  }

  it('builds the file from its parts, emoji and all', async () => {
    const parts = ['{"format": "flarechat-export", ', '"title": "😀 東京"', '}'];
    const file = await exportWith(parts, { parts: 3, chars: parts.join('').length });
    expect(await file.text()).toBe(parts.join(''));
  });

  it('refuses a file with a part missing', async () => {
    await expect(exportWith(['{"a":', '1}'], { parts: 3, chars: 9 })).rejects.toThrow(/export stopped before the whole file arrived/);
  });
});
