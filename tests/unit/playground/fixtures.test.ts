// Every shared fixture through its parser and through the sniffing HTTP parser, whole and at every
// byte split, with exact event arrays.
import { describe, expect, it } from 'vitest';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { createDataStreamV4Parser } from '@/lib/playground/parse/datastream-v4';
import { createHttpBodyParser } from '@/lib/playground/parse/http-body';
import { createLegacySseParser } from '@/lib/playground/parse/legacy-sse';
import { createUiMessageSseParser } from '@/lib/playground/parse/ui-message-sse';
import { CONNECTION_CLOSED_MESSAGE } from '@/lib/playground/parse/sink';
import { expectAllSplits, feedBytes, fixtureBytes, httpCapture } from './helpers';

const HELLO: PlaygroundEvent[] = [
  { type: 'text-delta', text: 'Hello' },
  { type: 'text-delta', text: '!' },
  { type: 'text-delta', text: ' How can I help you today?' },
];
const YOU_SAID: PlaygroundEvent[] = [
  { type: 'text-delta', text: 'Hello' },
  { type: 'text-delta', text: '! You said: ' },
  { type: 'text-delta', text: 'Hi' },
];
const USAGE = { promptTokens: 23, completionTokens: 9 };
const INFERENCE_ERROR: PlaygroundEvent = { type: 'error', code: 'upstream', message: 'Error during inference' };
const INTERRUPTED: PlaygroundEvent = { type: 'error', code: 'network', message: CONNECTION_CLOSED_MESSAGE };

const ERA_B_HEADERS = { 'content-type': 'text/x-unknown', 'x-vercel-ai-data-stream': 'v1' };
const ERA_C_HEADERS = { 'content-type': 'text/x-unknown', 'x-vercel-ai-ui-message-stream': 'v1' };

describe('Era A legacy SSE (sse-response.txt)', () => {
  const bytes = fixtureBytes('playground/sse-response.txt');
  const expected: PlaygroundEvent[] = [...HELLO, { type: 'finish', usage: USAGE }];
  it('direct parser, every split', () => {
    expect(expectAllSplits(createLegacySseParser, bytes, expected)).toBe(bytes.length + 3);
  });
  it('sniffed from the bytes, every split', () => {
    expectAllSplits(() => createHttpBodyParser(200, { 'content-type': 'text/event-stream' }), bytes, expected);
  });
  it('no malformed units', () => {
    const parser = createLegacySseParser();
    feedBytes(parser, [bytes]);
    expect(parser.malformedCount).toBe(0);
  });
});

describe('Era B data stream', () => {
  it('aisdk-datastream.txt: text, then finish with reason and usage from d:', () => {
    const expected: PlaygroundEvent[] = [...HELLO, { type: 'finish', reason: 'stop', usage: USAGE }];
    const bytes = fixtureBytes('playground/aisdk-datastream.txt');
    expectAllSplits(createDataStreamV4Parser, bytes, expected);
    expectAllSplits(() => createHttpBodyParser(200, ERA_B_HEADERS), bytes, expected);
  });
  it('aisdk-datastream-error.txt: the 3: line is the terminal error', () => {
    const bytes = fixtureBytes('playground/aisdk-datastream-error.txt');
    expectAllSplits(createDataStreamV4Parser, bytes, [INFERENCE_ERROR]);
    expectAllSplits(() => createHttpBodyParser(200, ERA_B_HEADERS), bytes, [INFERENCE_ERROR]);
  });
});

describe('Era C UI message SSE', () => {
  it('aisdk-uimessage-sse.txt: text, then finish without reason or usage', () => {
    const expected: PlaygroundEvent[] = [...HELLO, { type: 'finish' }];
    const bytes = fixtureBytes('playground/aisdk-uimessage-sse.txt');
    expectAllSplits(createUiMessageSseParser, bytes, expected);
    expectAllSplits(() => createHttpBodyParser(200, ERA_C_HEADERS), bytes, expected);
  });
  it('aisdk-uimessage-sse-error.txt: the error chunk is the terminal', () => {
    const bytes = fixtureBytes('playground/aisdk-uimessage-sse-error.txt');
    expectAllSplits(createUiMessageSseParser, bytes, [INFERENCE_ERROR]);
    expectAllSplits(() => createHttpBodyParser(200, ERA_C_HEADERS), bytes, [INFERENCE_ERROR]);
  });
});

describe('server captures (.http), sniffed by createHttpBodyParser', () => {
  const cases: [string, PlaygroundEvent[]][] = [
    ['era-b-inference-ok.http', [...YOU_SAID, { type: 'finish', reason: 'stop', usage: USAGE }]],
    ['era-b-inference-content-only.http', [...YOU_SAID, { type: 'finish', reason: 'stop', usage: USAGE }]],
    ['era-b-inference-error-throw.http', [INFERENCE_ERROR]],
    // The upstream died mid-answer and the body just stops: partial text, then interrupted.
    ['era-b-inference-error-mid.http', [{ type: 'text-delta', text: 'Hello' }, INTERRUPTED]],
    ['era-c-inference-ok.http', [...YOU_SAID, { type: 'finish' }]],
    ['era-c-inference-g4f-body.http', [...YOU_SAID, { type: 'finish' }]],
    ['era-c-inference-error-throw.http', [INFERENCE_ERROR]],
    ['era-c-inference-error-mid.http', [{ type: 'text-delta', text: 'Hello' }, INTERRUPTED]],
    ['era-b-inference-badmodel.http', [
      { type: 'error', code: 'bad-request', message: 'The playground refused this model or request.', status: 400 },
    ]],
    ['era-c-inference-badmodel.http', [
      { type: 'error', code: 'bad-request', message: 'The playground refused this model or request.', status: 400 },
    ]],
    ['era-b-models-404.http', [{
      type: 'error', code: 'not-found', status: 404,
      message: 'The playground no longer answers at this address (HTTP 404). The server said: "Not found"',
    }]],
    ['era-c-models-404.http', [{
      type: 'error', code: 'not-found', status: 404,
      message: 'The playground no longer answers at this address (HTTP 404). The server said: "Not found"',
    }]],
    // A 500 whose body is a stack trace: too long to show, so no server text.
    ['era-c-inference-content-only.http', [
      { type: 'error', code: 'upstream', message: 'The playground had a server error (HTTP 500).', status: 500 },
    ]],
  ];
  for (const [file, expected] of cases) {
    it(file, () => {
      const capture = httpCapture(`playground/server-captures/${file}`);
      expectAllSplits(() => createHttpBodyParser(capture.status, capture.headers), capture.body, expected);
    });
  }
});

describe('error bodies', () => {
  it('error-403.html with cf-mitigated: challenge → challenge', () => {
    const bytes = fixtureBytes('playground/error-403.html');
    const headers = { 'Content-Type': 'text/html; charset=UTF-8', 'CF-Mitigated': 'challenge' };
    const [event] = feedBytes(createHttpBodyParser(403, headers), [bytes]);
    expect(event).toMatchObject({ type: 'error', code: 'challenge', status: 403 });
    expectAllSplits(() => createHttpBodyParser(403, headers), bytes, [event]);
  });
  it('error-403.html served with 200 and no header: the body markers still say challenge', () => {
    const bytes = fixtureBytes('playground/error-403.html');
    const events = feedBytes(createHttpBodyParser(200, new Headers({ 'content-type': 'text/html' })), [bytes]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'challenge' });
  });
  it('not-found-404.txt', () => {
    expectAllSplits(() => createHttpBodyParser(404, { 'content-type': 'text/plain;charset=UTF-8' }),
      fixtureBytes('playground/not-found-404.txt'), [{
        type: 'error', code: 'not-found', status: 404,
        message: 'The playground no longer answers at this address (HTTP 404). The server said: "Not found"',
      }]);
  });
});
