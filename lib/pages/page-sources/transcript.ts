// YouTube transcripts (issue #13), the pure half: which caption track the watch page lists, and its
// timedtext body (json3, or the XML formats srv1/srv3) as lines with `[m:ss]` stamps, so an answer
// can cite `[12:34]`. The page half (./youtube-page.ts) reads the player response and fetches the
// track in the page's own context; nothing here touches the network or the DOM.

export interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  name: string;
  /** Speech recognition ("asr") rather than captions written by a person. */
  generated: boolean;
}

export interface TranscriptLine {
  startMs: number;
  text: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> | undefined => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined);

/** The tracks in a player response (`ytInitialPlayerResponse.captions.playerCaptionsTracklistRenderer.captionTracks`). */
export function captionTracks(playerResponse: unknown): CaptionTrack[] {
  const renderer = record(record(record(playerResponse)?.captions)?.playerCaptionsTracklistRenderer);
  const list = Array.isArray(renderer?.captionTracks) ? renderer.captionTracks : [];
  return list.flatMap((item): CaptionTrack[] => {
    const track = record(item);
    if (typeof track?.baseUrl !== 'string') return [];
    const name = record(track.name);
    const runs = Array.isArray(name?.runs) ? name.runs.map((run) => str(record(run)?.text)).join('') : '';
    return [{ baseUrl: track.baseUrl, languageCode: str(track.languageCode), name: typeof name?.simpleText === 'string' ? name.simpleText : runs, generated: track.kind === 'asr' }];
  });
}

/** A person's captions before speech recognition; the reader's language first, then the video's first track. */
export function pickTrack(tracks: readonly CaptionTrack[], language = ''): CaptionTrack | undefined {
  const base = language.toLowerCase().split('-')[0];
  const rank = (track: CaptionTrack) => (track.generated ? 2 : 0) + (base && track.languageCode.toLowerCase().split('-')[0] === base ? 0 : 1);
  return [...tracks].sort((a, b) => rank(a) - rank(b))[0];
}

/** The track's address asking for json3 (the format the parser prefers). */
export function json3Url(baseUrl: string): string {
  return /[?&]fmt=/.test(baseUrl) ? baseUrl.replace(/([?&]fmt=)[^&]*/, '$1json3') : `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}fmt=json3`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function parseJson3(body: string): TranscriptLine[] {
  const events = record(JSON.parse(body))?.events;
  if (!Array.isArray(events)) return [];
  return events.flatMap((item): TranscriptLine[] => {
    const event = record(item);
    if (!Array.isArray(event?.segs)) return [];
    const text = clean(event.segs.map((seg) => str(record(seg)?.utf8)).join(''));
    return text ? [{ startMs: Number(event.tStartMs) || 0, text }] : [];
  });
}

/** srv1 (`<text start="1.2">`, seconds, entities sometimes escaped twice) and srv3 (`<p t="1200">`, ms). */
function parseXml(body: string): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const match of body.matchAll(/<(text|p)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    const attributes = match[2];
    const start = /\bstart="([\d.]+)"/.exec(attributes);
    const t = /\bt="(\d+)"/.exec(attributes);
    const startMs = start ? Math.round(Number(start[1]) * 1000) : t ? Number(t[1]) : 0;
    const text = clean(decodeEntities(decodeEntities(match[3].replace(/<[^>]*>/g, ''))));
    if (text) lines.push({ startMs, text });
  }
  return lines;
}

/** The lines of a timedtext body, json3 or XML; [] for anything else. */
export function parseTimedText(body: string): TranscriptLine[] {
  const trimmed = body.trim();
  try {
    if (trimmed.startsWith('{')) return parseJson3(trimmed);
  } catch {
    return [];
  }
  return trimmed.startsWith('<') ? parseXml(trimmed) : [];
}

/** 754000 → "12:34"; past an hour "1:02:03". */
export function timestamp(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** One line per caption, stamped: "[12:34] what was said". */
export function transcriptText(lines: readonly TranscriptLine[]): string {
  return lines.map((line) => `[${timestamp(line.startMs)}] ${line.text}`).join('\n');
}

/** A YouTube watch page (the only pages whose transcript is read). */
export function isYouTubeWatch(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return /(^|\.)youtube\.com$/.test(parsed.hostname) && parsed.pathname === '/watch' && parsed.searchParams.has('v');
  } catch {
    return false;
  }
}
