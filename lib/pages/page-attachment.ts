// The page chip's state (issue #13). The active tab of the panel's window is OFFERED; "Use this
// page" reads it (./page-sources/read-tab.ts) and ATTACHES it: the block goes into
// store.draftContext, the same slot an "Ask FlareChat about this" selection uses, so the Composer
// sends it after the question exactly once and clears it. A tab switch never swaps silently: the
// attachment stays and the new tab is offered beside it.
//
// Follow-ups do not re-send it as a new attachment: the page stays inside the first user message,
// and FlareChat sends the whole history on every turn (issue #17: the server transcript is
// cleared and the full history is sent each time), so "reuse without re-sending" has no transport
// to rely on here; the model sees the page once, in the message that carried it.
import { computed, signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { parseContextBlocks, type ContextMeta } from '@/lib/protocol/context-blocks';
import { inlineValue } from '@/lib/protocol/delimit';
import type { ChatStore } from './chat-store';
import type { ActiveTab, ReadFailure, ReadResult } from './page-sources/read-tab';

export interface Attached {
  block: string;
  meta: ContextMeta;
  tabId: number;
  url?: string;
}

export interface PageAttachmentDeps {
  activeTab(windowId: number | undefined): Promise<ActiveTab | undefined>;
  windowId(): Promise<number | undefined>;
  read(tab: ActiveTab): Promise<ReadResult>;
  /** A PDF the user picked from the computer (a file: PDF tab cannot be fetched; read-tab.ts). */
  readFile(file: File): Promise<ReadResult>;
  /** Calls back on a tab switch or a load in this window; returns a stop function. */
  watch(listener: () => void): () => void;
}

export class PageAttachment {
  /** The active tab of this window (what "Use this page" would read). */
  readonly tab = signal<ActiveTab | null>(null);
  readonly attached = signal<Attached | null>(null);
  readonly reading = signal(false);
  /** The last failure, for the tab it happened on. */
  readonly failed = signal<{ tabId: number; reason: ReadFailure } | null>(null);

  /** The attachment, while it is still the composer's context (sending or removing clears it). */
  readonly current = computed(() => {
    const attached = this.attached.value;
    return attached && this.store.draftContext.value === attached.block ? attached : null;
  });

  /** Sources already sent in the open conversation: not offered again (the history carries them). */
  private readonly sent = computed(() => new Set(this.store.messages.value.filter((m) => m.role === 'user').flatMap((m) => parseContextBlocks(m.text.value).map((meta) => meta.source))));

  /** The tab to offer: not the attached one, not one already sent in this conversation. */
  readonly offer = computed(() => {
    const tab = this.tab.value;
    if (!tab) return null;
    const attached = this.current.value;
    if (attached && attached.tabId === tab.id && attached.url === tab.url) return null;
    if (tab.url && this.sent.value.has(inlineValue(tab.url))) return null;
    return tab;
  });

  private window: number | undefined;

  constructor(
    private readonly store: ChatStore,
    private readonly deps: PageAttachmentDeps,
  ) {}

  async start(signal?: AbortSignal): Promise<void> {
    this.window = await this.deps.windowId();
    const stop = this.deps.watch(() => void this.refresh());
    signal?.addEventListener('abort', stop, { once: true });
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const tab = await this.deps.activeTab(this.window).catch(() => undefined);
    const before = this.tab.peek();
    if (tab?.id !== before?.id || tab?.url !== before?.url) this.failed.value = null;
    this.tab.value = tab ?? null;
  }

  /** "Use this page": reads the offered tab and attaches it (replacing an earlier page attachment). */
  async use(): Promise<void> {
    const tab = this.tab.peek();
    if (tab) await this.attach(tab, () => this.deps.read(tab));
  }

  /** "Choose the PDF…": the file the user picked stands in for the offered tab's local PDF. */
  async useFile(file: File): Promise<void> {
    const tab = this.tab.peek();
    if (tab) await this.attach(tab, () => this.deps.readFile(file));
  }

  private async attach(tab: ActiveTab, read: () => Promise<ReadResult>): Promise<void> {
    if (this.reading.peek()) return;
    this.reading.value = true;
    this.failed.value = null;
    try {
      const result = await read();
      if (!result.ok) {
        this.failed.value = { tabId: tab.id, reason: result.reason };
        return;
      }
      // The tab's selection, when there is one, was read instead of the page (read-tab.ts: selection wins).
      this.attached.value = { block: result.block, meta: result.meta, tabId: tab.id, url: result.url ?? tab.url };
      this.store.draftContext.value = result.block;
    } finally {
      this.reading.value = false;
    }
  }

  remove(): void {
    if (this.current.peek()) this.store.draftContext.value = null;
    this.attached.value = null;
  }
}

/** The real browser: the active tab of the panel's window, watched by tab events (no polling). */
export function browserPageDeps(): PageAttachmentDeps {
  return {
    windowId: async () => (await browser.windows.getCurrent()).id,
    async activeTab(windowId) {
      const [tab] = await browser.tabs.query(windowId === undefined ? { active: true, lastFocusedWindow: true } : { active: true, windowId });
      // url and title are only present where FlareChat has access (no "tabs" permission, by design).
      if (tab?.id === undefined) return undefined;
      // FlareChat's own pages (the panel opened in a tab) are not a page to chat about.
      if (tab.url?.startsWith(browser.runtime.getURL('/'))) return undefined;
      return { id: tab.id, windowId: tab.windowId, url: tab.url, title: tab.title };
    },
    // The readers (article, YouTube transcript, PDF) load on the first click only: the panel opens without them.
    read: async (tab) => (await import('./page-sources/read-tab')).readTab(tab),
    readFile: async (file) => (await import('./page-sources/read-tab')).readPdfFile(file),
    watch(listener) {
      const onActivated = () => listener();
      const onUpdated = (_id: number, change: { status?: string; url?: string; title?: string }) => {
        if (change.url !== undefined || change.title !== undefined || change.status === 'complete') listener();
      };
      browser.tabs.onActivated.addListener(onActivated);
      browser.tabs.onUpdated.addListener(onUpdated);
      return () => {
        browser.tabs.onActivated.removeListener(onActivated);
        browser.tabs.onUpdated.removeListener(onUpdated);
      };
    },
  };
}

/** The side panel's one instance (null elsewhere: the chip renders nothing). */
export const pageAttachmentSlot = signal<PageAttachment | null>(null);
