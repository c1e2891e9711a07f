// Hand-written hostile and edge-case inputs (tests/fixtures/nasty/), each at every byte split.
import { describe, expect, it } from 'vitest';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { MAX_ANSWER_CHARS, MAX_EVENT_CHARS } from '@/lib/playground/limits';
import { createAgentsChatParser } from '@/lib/playground/parse/agents-frames';
import { createDataStreamV4Parser } from '@/lib/playground/parse/datastream-v4';
import { createHttpBodyParser, HTML_MESSAGE, JSON_MESSAGE, UNKNOWN_FORMAT_MESSAGE } from '@/lib/playground/parse/http-body';
import { createLegacySseParser } from '@/lib/playground/parse/legacy-sse';
import { CONNECTION_CLOSED_MESSAGE, EVENT_TOO_LARGE_MESSAGE, TOO_LONG_MESSAGE, type StreamParser } from '@/lib/playground/parse/sink';
import { createUiMessageSseParser } from '@/lib/playground/parse/ui-message-sse';
import { byteSplits, encode, expectAllSplits, feedBytes, feedText, fixtureBytes, lines } from './helpers';

const INTERRUPTED: PlaygroundEvent = { type: 'error', code: 'network', message: CONNECTION_CLOSED_MESSAGE };
const TOO_LARGE: PlaygroundEvent = { type: 'error', code: 'protocol', message: EVENT_TOO_LARGE_MESSAGE };
const sniffed = () => createHttpBodyParser(200, { 'content-type': 'text/x-unknown' });

function malformedAfter(make: () => StreamParser, bytes: Uint8Array): number {
  const parser = make();
  feedBytes(parser, [bytes]);
  return parser.malformedCount;
}

describe('malformed units never end a good stream', () => {
  it('Era B: junk lines, non-string 0:, unknown codes, several f/e steps; d: ends', () => {
    const bytes = fixtureBytes('nasty/datastream-malformed-multistep.txt');
    const expected: PlaygroundEvent[] = [
      { type: 'reasoning-delta', text: 'thinking…' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 4 } },
    ];
    expectAllSplits(createDataStreamV4Parser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
    expect(malformedAfter(createDataStreamV4Parser, bytes)).toBe(3);
  });
  it('Era C: a cut event, a field-less line, a non-object and a type-less object are skipped', () => {
    const bytes = fixtureBytes('nasty/uimessage-malformed.txt');
    const expected: PlaygroundEvent[] = [
      { type: 'text-delta', text: 'One' },
      { type: 'text-delta', text: ' two' },
      { type: 'finish' },
    ];
    expectAllSplits(createUiMessageSseParser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
    expect(malformedAfter(createUiMessageSseParser, bytes)).toBe(4);
  });
});

describe('framing variants', () => {
  it('Era B: body ending mid-line keeps the partial text and reports an interrupted answer', () => {
    const bytes = fixtureBytes('nasty/datastream-mid-line.txt');
    const expected = [{ type: 'text-delta', text: 'Hello' }, INTERRUPTED] satisfies PlaygroundEvent[];
    expectAllSplits(createDataStreamV4Parser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
  });
  it('Era B: CRLF lines and a final d: without its newline', () => {
    const bytes = fixtureBytes('nasty/datastream-crlf-no-final-newline.txt');
    const expected: PlaygroundEvent[] = [
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'b' },
      { type: 'finish', reason: 'stop' },
    ];
    expectAllSplits(createDataStreamV4Parser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
  });
  it('Era C: CRLF, `data:` without a space, comments, top-level finishReason', () => {
    const bytes = fixtureBytes('nasty/uimessage-crlf-nospace.txt');
    const expected: PlaygroundEvent[] = [{ type: 'text-delta', text: 'crlf' }, { type: 'finish', reason: 'stop' }];
    expectAllSplits(createUiMessageSseParser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
  });
  it('Era C: unknown, data-*, tool and source chunks ignored; textDelta accepted; body ends after finish', () => {
    const bytes = fixtureBytes('nasty/uimessage-unknown-chunks.txt');
    const expected: PlaygroundEvent[] = [
      { type: 'reasoning-delta', text: 'hmm' },
      { type: 'text-delta', text: 'old-name' },
      { type: 'finish' },
    ];
    expectAllSplits(createUiMessageSseParser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
    expect(malformedAfter(createUiMessageSseParser, bytes)).toBe(0);
  });
  it('Era A: `data:` without a space, noise tokens dropped, chunk without response skipped, ends after response:""', () => {
    const bytes = fixtureBytes('nasty/legacy-nospace-noise.txt');
    const expected: PlaygroundEvent[] = [
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: ' <s> is a tag' },
      { type: 'finish', usage: { promptTokens: 5, completionTokens: 6 } },
    ];
    expectAllSplits(createLegacySseParser, bytes, expected);
    expectAllSplits(sniffed, bytes, expected);
  });
  it('Era A: body ending before the response:"" chunk is interrupted', () => {
    expect(feedText(createLegacySseParser(), ['data: {"response":"Hi"}\n\n'])).toStrictEqual([
      { type: 'text-delta', text: 'Hi' },
      INTERRUPTED,
    ]);
  });
  it('empty answer: `data: [DONE]` only → finish with no text, in every SSE parser', () => {
    const bytes = fixtureBytes('nasty/done-only.txt');
    expectAllSplits(createUiMessageSseParser, bytes, [{ type: 'finish' }]);
    expectAllSplits(createLegacySseParser, bytes, [{ type: 'finish' }]);
    expectAllSplits(sniffed, bytes, [{ type: 'finish' }]);
  });
});

describe('multi-byte text split mid-character', () => {
  const expected: PlaygroundEvent[] = [
    { type: 'text-delta', text: 'Привет, ' },
    { type: 'text-delta', text: '世界 👋🏽' },
  ];
  const cases: [string, () => StreamParser, PlaygroundEvent][] = [
    ['multibyte-datastream.txt', createDataStreamV4Parser, { type: 'finish', reason: 'stop' }],
    ['multibyte-uimessage.txt', createUiMessageSseParser, { type: 'finish' }],
    ['multibyte-legacy.txt', createLegacySseParser, { type: 'finish' }],
  ];
  for (const [file, make, finish] of cases) {
    it(file, () => {
      const bytes = fixtureBytes(`nasty/${file}`);
      expectAllSplits(make, bytes, [...expected, finish]);
      expectAllSplits(sniffed, bytes, [...expected, finish]);
    });
  }
  it('the splits really cut characters: a decoder per chunk would corrupt them', () => {
    const bytes = fixtureBytes('nasty/multibyte-uimessage.txt');
    let corrupted = 0;
    for (const { chunks } of byteSplits(bytes)) {
      const naive = chunks.map((chunk) => new TextDecoder().decode(chunk)).join('');
      if (naive.includes('\uFFFD')) corrupted++;
    }
    expect(corrupted).toBeGreaterThan(10);
  });
});

describe('size caps', () => {
  const big = 'x'.repeat(MAX_EVENT_CHARS + 10);
  const pieces = (text: string, size = 65_536) => {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  };
  it('an oversized data-stream line → protocol error, later input ignored', () => {
    const parser = createDataStreamV4Parser();
    const events = [...parser.push('0:"ok"\n'), ...pieces(`0:"${big}"\n`).flatMap((p) => parser.push(p))];
    expect(events).toStrictEqual([{ type: 'text-delta', text: 'ok' }, TOO_LARGE]);
    expect(parser.push('0:"more"\n')).toStrictEqual([]);
    expect(parser.end()).toStrictEqual([]);
  });
  it('an oversized SSE event → protocol error (direct and sniffed), streamed or in one piece', () => {
    const event = `data: {"type":"text-delta","delta":"${big}"}\n\n`;
    const huge = `data: {"response":"${'z'.repeat(2 * MAX_EVENT_CHARS)}"}\n\n`;
    for (const make of [createUiMessageSseParser, createLegacySseParser, sniffed]) {
      expect(feedText(make(), pieces(event))).toStrictEqual([TOO_LARGE]);
      expect(feedText(make(), [event])).toStrictEqual([TOO_LARGE]);
      expect(feedText(make(), pieces(huge))).toStrictEqual([TOO_LARGE]);
    }
  });
  it('an oversized WebSocket frame → protocol error', () => {
    const parser = createAgentsChatParser('r1');
    const frame = JSON.stringify({ type: 'cf_agent_use_chat_response', id: 'r1', body: big, done: false });
    expect(parser.pushFrame(frame)).toStrictEqual([TOO_LARGE]);
  });
  it('an answer over MAX_ANSWER_CHARS (text + reasoning) → protocol error after the deltas that fit', () => {
    const piece = 'y'.repeat(MAX_ANSWER_CHARS / 8);
    const parser = createUiMessageSseParser();
    const events: PlaygroundEvent[] = [];
    events.push(...parser.push(`data: ${JSON.stringify({ type: 'reasoning-delta', delta: piece })}\n\n`));
    for (let i = 0; i < 8; i++) events.push(...parser.push(`data: ${JSON.stringify({ type: 'text-delta', delta: piece })}\n\n`));
    events.push(...parser.end());
    expect(events.map((e) => e.type)).toStrictEqual([
      'reasoning-delta', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'error',
    ]);
    expect(events.at(-1)).toStrictEqual({ type: 'error', code: 'protocol', message: TOO_LONG_MESSAGE });
  });
  it('a body with no line breaks at all → protocol error, not an unbounded buffer', () => {
    expect(feedText(sniffed(), pieces(`0:${big}`))).toStrictEqual([TOO_LARGE]);
  });
});

describe('bodies that are not a chat stream', () => {
  it('HTML on a 200 without challenge markers → protocol', () => {
    expectAllSplits(sniffed, fixtureBytes('nasty/html-200.html'), [{ type: 'error', code: 'protocol', message: HTML_MESSAGE }]);
  });
  it('HTML on a 200 with cf-mitigated: challenge → challenge', () => {
    const events = feedBytes(createHttpBodyParser(200, { 'cf-mitigated': 'challenge' }), [fixtureBytes('nasty/html-200.html')]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'challenge' });
  });
  it('empty 400 → bad-request; empty 200 → interrupted', () => {
    const empty = fixtureBytes('nasty/empty.txt');
    expectAllSplits(() => createHttpBodyParser(400, {}), empty, [
      { type: 'error', code: 'bad-request', message: 'The playground refused this model or request.', status: 400 },
    ]);
    expectAllSplits(() => createHttpBodyParser(200, {}), empty, [INTERRUPTED]);
    expect(feedText(createHttpBodyParser(200, {}), ['  \n\r\n '])).toStrictEqual([INTERRUPTED]);
  });
  it('unknown bytes → protocol; JSON error object → in-band error; other JSON → protocol', () => {
    expect(feedText(sniffed(), ['Hello, plain text'])).toStrictEqual([
      { type: 'error', code: 'protocol', message: UNKNOWN_FORMAT_MESSAGE },
    ]);
    expect(feedText(sniffed(), ['{"error":"3021: rate limiting: slow down"}'])).toStrictEqual([
      { type: 'error', code: 'rate-limited', message: '3021: rate limiting: slow down', retryAfterMs: expect.any(Number) },
    ]);
    // A models list where a chat stream was expected.
    expectAllSplits(sniffed, fixtureBytes('playground/api-models.json'), [
      { type: 'error', code: 'protocol', message: JSON_MESSAGE },
    ]);
  });
  it('a 2xx parser never emits after its terminal', () => {
    const parser = sniffed();
    expect(parser.push('data: [DONE]\n\n')).toStrictEqual([{ type: 'finish' }]);
    expect(parser.push('data: {"type":"text-delta","delta":"late"}\n\n')).toStrictEqual([]);
    expect(parser.end()).toStrictEqual([]);
    expect(parser.done).toBe(true);
  });
});

describe('WebSocket frames', () => {
  it('concatenated JSON in one body, other request ids, rpc done frames, a non-JSON frame', () => {
    const parser = createAgentsChatParser('mine');
    const events = lines('nasty/ws-concatenated-other-ids.jsonl').flatMap((frame) => parser.pushFrame(frame));
    expect(events).toStrictEqual([
      { type: 'text-delta', text: 'Привет, ' },
      { type: 'text-delta', text: '世界 👋🏽' },
      { type: 'text-delta', text: '{braces} and "quotes"' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(parser.malformedCount).toBe(2); // the non-JSON frame, and the unterminated `{broken`
  });
  it('the same frames for another id give nothing at all', () => {
    const parser = createAgentsChatParser('nobody');
    expect(lines('nasty/ws-concatenated-other-ids.jsonl').flatMap((frame) => parser.pushFrame(frame))).toStrictEqual([]);
  });
});

it('encode helper round-trips (sanity)', () => {
  expect(new TextDecoder().decode(encode('👋🏽'))).toBe('👋🏽');
});
