// Screen-reader announcements for a streamed answer (issue #7). A polite live region read once per
// token would either flood the reader or be cut off by the next update, so the answer is spoken in
// sentence-sized chunks, at most one announcement per interval, and its end is announced
// ("Answer complete") together with whatever was not yet spoken.

export type AnswerEnd = 'done' | 'stopped' | 'error' | 'interrupted';

export interface AnnouncerOptions {
  /** At most one announcement per this many ms while streaming (default 1500). */
  intervalMs?: number;
  /** Do not speak a chunk shorter than this unless the answer ended (default 24 characters). */
  minChars?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Markdown as a reader should hear it: no fences, emphasis marks, heading hashes, table rules or link targets. */
export function speakable(markdown: string): string {
  return markdown
    .replace(/^\s*(`{3,}|~{3,}).*$/gm, '') // fence lines
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, '') // table separator rows
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) → text
    .replace(/^\s{0,3}#{1,6}\s+/gm, '') // heading marks
    .replace(/^\s{0,3}>\s?/gm, '') // quote marks
    .replace(/(\*\*|__|\*|_|`|~~)(?=\S)|(?<=\S)(\*\*|__|\*|_|`|~~)/g, '') // emphasis, code, strike
    .replace(/\|/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** End of the last complete sentence (or line) in `text`, or -1. */
export function lastSentenceEnd(text: string): number {
  let end = -1;
  for (const match of text.matchAll(/[.!?…。！？](?=\s)|\n/g)) end = match.index + match[0].length;
  return end;
}

export class AnswerAnnouncer {
  private id: string | null = null;
  /** Characters of the answer's raw text already spoken. */
  private spoken = 0;
  private latest = '';
  private lastSpokenAt = -Infinity;
  private timer: unknown = null;
  private readonly intervalMs: number;
  private readonly minChars: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  /** `say` puts one announcement into the live region; `endText` names the end ("Answer complete", "Stopped"). */
  constructor(
    private readonly say: (text: string) => void,
    private readonly endText: (end: AnswerEnd) => string,
    options: AnnouncerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1500;
    this.minChars = options.minChars ?? 24;
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** The answer `id` now reads `text` (its full text so far). */
  update(id: string, text: string): void {
    if (id !== this.id) this.reset(id);
    // A snapshot after a reconnect may rewrite the text: never speak from past its end.
    if (text.length < this.spoken) this.spoken = text.length;
    this.latest = text;
    this.tick();
  }

  /** The answer ended: speak what is left, then how it ended, in one announcement. */
  finish(id: string, end: AnswerEnd, text: string): void {
    if (id !== this.id) this.reset(id);
    this.cancelTimer();
    const rest = end === 'error' ? '' : speakable(text.slice(Math.min(this.spoken, text.length)));
    this.say([rest, this.endText(end)].filter(Boolean).join(' '));
    this.spoken = text.length;
    this.latest = text;
    this.lastSpokenAt = this.now();
    this.id = null;
  }

  dispose(): void {
    this.cancelTimer();
  }

  private reset(id: string): void {
    this.cancelTimer();
    this.id = id;
    this.spoken = 0;
    this.latest = '';
    this.lastSpokenAt = -Infinity;
  }

  private tick(): void {
    const wait = this.lastSpokenAt + this.intervalMs - this.now();
    if (wait > 0) {
      if (this.timer === null) {
        this.timer = this.setTimer(() => {
          this.timer = null;
          this.tick();
        }, wait);
      }
      return;
    }
    const pending = this.latest.slice(this.spoken);
    const end = lastSentenceEnd(pending);
    if (end <= 0) return;
    const chunk = speakable(pending.slice(0, end));
    if (chunk.length < this.minChars && chunk.length > 0) return; // wait for more text
    this.spoken += end;
    if (!chunk) return;
    this.say(chunk);
    this.lastSpokenAt = this.now();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}
