// Issue #14: future-shaped units mixed into each era's stream leave the answer intact, and each
// kind is something the parsers do not recognise (so the canary will have something to record).
import { describe, expect, it } from 'vitest';
import { eraAEncoder, eraBEncoder, eraCEncoder, eraDEncoder, type Encoder, type Unit } from '../../emulator/encoders';
import { FUTURE_OPENING_FRAME, FUTURE_TEXT, futureUnits, type FutureEra } from '../../emulator/future-frames';
import { createAgentsChatParser, parseFrame } from '@/lib/playground/parse/agents-frames';
import { createHttpBodyParser } from '@/lib/playground/parse/http-body';
import type { PlaygroundEvent } from '@/lib/playground/events';

const TOKENS = ['Hello', '! You said: ', 'hi'];
const REQUEST = 'req-future';

function stream(encoder: Encoder, era: FutureEra): string[] {
  const units: Unit[] = [];
  let k = 0;
  const future = () => units.push(...futureUnits(era, REQUEST, k++));
  units.push(...encoder.begin());
  future();
  units.push(...encoder.textStart());
  for (const token of TOKENS) {
    units.push(...encoder.textDelta(token));
    future();
  }
  units.push(...encoder.finish({ promptTokens: 1, completionTokens: 3 }));
  return units.map((u) => (typeof u === 'string' ? u : u.toString('utf8')));
}

const answer = (events: PlaygroundEvent[]) => events.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text).join('');

describe('futureUnits', () => {
  it.each([
    ['era-a', eraAEncoder()],
    ['era-b', eraBEncoder()],
    ['era-c', eraCEncoder()],
  ] as const)('%s: the HTTP answer is complete and carries none of the future text', (era, encoder) => {
    const parser = createHttpBodyParser(200);
    const events = [...stream(encoder, era).flatMap((u) => parser.push(u)), ...parser.end()];
    expect(answer(events)).toBe(TOKENS.join(''));
    expect(events.at(-1)?.type).toBe('finish');
    expect(JSON.stringify(events)).not.toContain(FUTURE_TEXT);
  });

  it('ws: the socket answer is complete; unknown frame types, chunk types and rpc calls are ignored', () => {
    const parser = createAgentsChatParser(REQUEST);
    const units = [FUTURE_OPENING_FRAME, ...stream(eraDEncoder(REQUEST), 'ws')];
    const events = units.flatMap((u) => parser.pushFrame(u));
    expect(answer(events)).toBe(TOKENS.join(''));
    expect(events.at(-1)?.type).toBe('finish');
    expect(JSON.stringify(events)).not.toContain(FUTURE_TEXT);
  });

  it('every ws kind is unknown to the current vocabulary and carries the future text', () => {
    const known = new Set(['cf_agent_use_chat_response', 'cf_agent_state', 'cf_agent_identity', 'cf_agent_mcp_servers', 'rpc']);
    const kinds = [0, 1, 2, 3].map((k) => futureUnits('ws', REQUEST, k)[0] as string);
    for (const unit of kinds) expect(unit).toContain('FUTURE-TEXT');
    expect(known.has(parseFrame(kinds[0])!.type!)).toBe(false);
    expect(JSON.parse(String(parseFrame(kinds[1])!.body)).type).toBe('text-delta-v2');
    expect(parseFrame(kinds[2])).toMatchObject({ type: 'rpc', method: 'notifyClient' });
    expect(known.has(parseFrame(FUTURE_OPENING_FRAME)!.type!)).toBe(false);
  });
});
