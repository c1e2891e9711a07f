import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captionTracks, isYouTubeWatch, json3Url, parseTimedText, pickTrack, timestamp, transcriptText } from '@/lib/pages/page-sources/transcript';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/youtube', name), 'utf8');

// The shape of ytInitialPlayerResponse.captions on a watch page (trimmed to what is read).
const PLAYER_RESPONSE = {
  videoDetails: { videoId: 'abc123', title: 'Lighthouses' },
  captions: {
    playerCaptionsTracklistRenderer: {
      captionTracks: [
        { baseUrl: 'https://www.youtube.com/api/timedtext?v=abc123&lang=en&kind=asr', name: { runs: [{ text: 'English (auto-generated)' }] }, vssId: 'a.en', languageCode: 'en', kind: 'asr', isTranslatable: true },
        { baseUrl: 'https://www.youtube.com/api/timedtext?v=abc123&lang=de', name: { simpleText: 'German' }, vssId: '.de', languageCode: 'de', isTranslatable: true },
        { baseUrl: 'https://www.youtube.com/api/timedtext?v=abc123&lang=en-GB', name: { simpleText: 'English (UK)' }, vssId: '.en-GB', languageCode: 'en-GB', isTranslatable: true },
      ],
      audioTracks: [{ captionTrackIndices: [0, 1, 2] }],
    },
  },
};

describe('YouTube transcript extraction (issue #13)', () => {
  it('lists the caption tracks the watch page names', () => {
    const tracks = captionTracks(PLAYER_RESPONSE);
    expect(tracks.map((t) => [t.languageCode, t.name, t.generated])).toEqual([
      ['en', 'English (auto-generated)', true],
      ['de', 'German', false],
      ['en-GB', 'English (UK)', false],
    ]);
    expect(captionTracks({ videoDetails: {} })).toEqual([]);
    expect(captionTracks(null)).toEqual([]);
  });

  it('prefers a person’s captions in the reader’s language, then any person’s, then speech recognition', () => {
    const tracks = captionTracks(PLAYER_RESPONSE);
    expect(pickTrack(tracks, 'en-US')?.languageCode).toBe('en-GB');
    expect(pickTrack(tracks, 'fr')?.languageCode).toBe('de');
    expect(pickTrack([tracks[0]], 'fr')?.generated).toBe(true);
    expect(pickTrack([], 'en')).toBeUndefined();
  });

  it('asks for json3', () => {
    expect(json3Url('https://x.test/api/timedtext?v=1&lang=en')).toBe('https://x.test/api/timedtext?v=1&lang=en&fmt=json3');
    expect(json3Url('https://x.test/api/timedtext?v=1&fmt=srv3')).toBe('https://x.test/api/timedtext?v=1&fmt=json3');
  });

  it('parses json3: skips window events and line breaks, joins segments, keeps start times', () => {
    const lines = parseTimedText(fixture('timedtext.json3'));
    expect(lines).toEqual([
      { startMs: 1360, text: "so today we're going to talk about lighthouses" },
      { startMs: 4490, text: 'and the keepers who ran them & why it mattered' },
      { startMs: 754000, text: "the lamp at Fresnel's lens — 12 km" },
    ]);
    expect(transcriptText(lines)).toBe("[0:01] so today we're going to talk about lighthouses\n[0:04] and the keepers who ran them & why it mattered\n[12:34] the lamp at Fresnel's lens — 12 km");
  });

  it('parses srv1 XML (seconds, entities escaped twice) and srv3 XML (milliseconds, <s> segments)', () => {
    expect(parseTimedText(fixture('timedtext-srv1.xml'))).toEqual([
      { startMs: 1360, text: "so today we're going to talk about lighthouses" },
      { startMs: 4490, text: 'and the keepers who ran them & why' },
      { startMs: 3723500, text: 'an hour in' },
    ]);
    expect(parseTimedText(fixture('timedtext-srv3.xml'))).toEqual([
      { startMs: 1360, text: "so today we're" },
      { startMs: 754000, text: 'the lamp & the lens' },
    ]);
  });

  it('an empty or broken body has no lines (the panel then says the video has no captions)', () => {
    expect(parseTimedText('')).toEqual([]);
    expect(parseTimedText('{"events": [')).toEqual([]);
    expect(parseTimedText('<html>not captions')).toEqual([]);
  });

  it('stamps minutes and hours', () => {
    expect(timestamp(0)).toBe('0:00');
    expect(timestamp(754_999)).toBe('12:34');
    expect(timestamp(3_723_500)).toBe('1:02:03');
  });

  it('knows a watch page', () => {
    expect(isYouTubeWatch('https://www.youtube.com/watch?v=abc123&t=3s')).toBe(true);
    expect(isYouTubeWatch('https://m.youtube.com/watch?v=abc')).toBe(true);
    expect(isYouTubeWatch('https://www.youtube.com/feed')).toBe(false);
    expect(isYouTubeWatch('https://youtube.com.evil.test/watch?v=1')).toBe(false);
  });
});
