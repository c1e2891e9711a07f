// The page chip's state (issue #13) with fake tab deps: a failed read says why for that tab, a
// picked local PDF attaches for the tab it stands in for, and one read runs at a time.
import { describe, expect, it } from 'vitest';
import { ChatStore } from '@/lib/pages/chat-store';
import { PageAttachment, type PageAttachmentDeps } from '@/lib/pages/page-attachment';
import type { ActiveTab, ReadResult } from '@/lib/pages/page-sources/read-tab';
import { contextBlock } from '@/lib/protocol/delimit';

const TAB: ActiveTab = { id: 7, url: 'file:///home/me/tides.pdf', title: 'tides.pdf' };
const pdfBlock = (source: string): ReadResult => ({ ok: true, ...contextBlock('page_content', '[page 1]\nTide tables', { source, title: source, kind: 'pdf' }) });

function setUp(deps: Partial<PageAttachmentDeps>) {
  const store = new ChatStore((fn) => fn());
  const page = new PageAttachment(store, {
    windowId: () => Promise.resolve(1),
    activeTab: () => Promise.resolve(TAB),
    read: () => Promise.resolve({ ok: false, reason: 'pdf-local' }),
    readFile: () => Promise.resolve(pdfBlock('tides.pdf')),
    watch: () => () => undefined,
    ...deps,
  });
  return { store, page };
}

describe('PageAttachment', () => {
  it('a local PDF tab: the read says why, then the picked file attaches for that tab', async () => {
    const { store, page } = setUp({});
    await page.start();
    await page.use();
    expect(page.failed.value).toEqual({ tabId: 7, reason: 'pdf-local' });
    expect(store.draftContext.value).toBeNull();

    await page.useFile(new File([new Uint8Array([37, 80, 68, 70])], 'tides.pdf', { type: 'application/pdf' }));
    expect(page.failed.value).toBeNull();
    expect(page.current.value?.meta.kind).toBe('pdf');
    expect(page.current.value?.url).toBe(TAB.url);
    expect(store.draftContext.value).toContain('[page 1]\nTide tables');
    // It stands for the tab: that tab is not offered beside it.
    expect(page.offer.value).toBeNull();
  });

  it('one read at a time: a second click while reading does nothing', async () => {
    let finish: (r: ReadResult) => void = () => undefined;
    let reads = 0;
    const { page } = setUp({
      read: () => {
        reads++;
        return new Promise<ReadResult>((resolve) => (finish = resolve));
      },
    });
    await page.start();
    const first = page.use();
    expect(page.reading.value).toBe(true);
    await page.use();
    await page.useFile(new File([], 'x.pdf'));
    expect(reads).toBe(1);
    finish({ ok: false, reason: 'pdf-timeout' });
    await first;
    expect(page.reading.value).toBe(false);
    expect(page.failed.value?.reason).toBe('pdf-timeout');
  });
});
