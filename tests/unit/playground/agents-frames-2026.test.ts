// 2026 additions to the Era D frames: messageId on start, an error frame that ends a request
// without done, and status events passing through the sink untouched (never terminal).
import { describe, expect, it } from 'vitest';
import { createAgentsChatParser } from '@/lib/playground/parse/agents-frames';
import { EventSink } from '@/lib/playground/parse/sink';

const frame = (body: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ body: typeof body === 'string' ? body : JSON.stringify(body), done: false, id: 'r1', type: 'cf_agent_use_chat_response', ...extra });

describe('agents frames, 2026', () => {
  it('reads the server message id from the start chunk', () => {
    const p = createAgentsChatParser('r1');
    p.pushFrame(frame({ type: 'start', messageId: 'assistant_1_x' }));
    expect(p.messageId).toBe('assistant_1_x');
    expect(p.sawFinish).toBe(false);
    p.pushFrame(frame({ type: 'finish' }));
    expect(p.sawFinish).toBe(true);
  });

  it('an error frame without done is terminal by itself', () => {
    const p = createAgentsChatParser('r1');
    p.pushFrame(frame({ type: 'start' }));
    expect(p.pushFrame(frame('3040: out of capacity', { error: true }))).toMatchObject([{ type: 'error' }]);
    expect(p.done).toBe(true);
    expect(p.pushFrame(frame('', { done: true }))).toEqual([]);
  });

  it('status events pass through the sink and never end it', () => {
    const sink = new EventSink();
    sink.emit({ type: 'status', status: 'waiting-for-capacity' });
    expect(sink.done).toBe(false);
    sink.finish();
    sink.emit({ type: 'status', status: 'streaming' });
    expect(sink.drain()).toEqual([{ type: 'status', status: 'waiting-for-capacity' }, { type: 'finish' }]);
  });
});
