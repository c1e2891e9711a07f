// What the model receives, turn after turn, when the real socket transport talks to the emulator
// (which merges history exactly as the agents server does: by ITS ids or identical parts). The
// model must see exactly the visible conversation, system prompt first: no earlier answer twice,
// also after Stop, Continue and Regenerate (issue #17). Without the transcript clear before each
// chat, turn two already reaches the model as system, user, assistant, assistant, user.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type ModelTurn } from '../../../emulator/server';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { newInstanceName } from '@/lib/playground/instance-name';
import { socketChat } from '@/lib/playground/socket-transport';
import type { ChatRequest, ChatTurn } from '@/lib/playground/types';
import { emulatorSockets } from './ws-factory';

const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
const CONTINUE_PROMPT = 'Continue exactly where your previous answer stopped.';
const deadlines = { firstByteMs: 5_000, silenceMs: 5_000, totalMs: 20_000 };
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.configure({ faults: { active: [], times: {} }, tokenDelayMs: 0, answerTokens: null });
  emu.clearLog();
});

let seq = 0;
const id = (p: string) => `${p}_${++seq}`;

/** One conversation as the engine keeps it: visible turns with OUR ids. */
class Conversation {
  readonly session = newInstanceName();
  turns: ChatTurn[] = [];
  constructor(readonly system?: string) {}

  async ask(history: ChatTurn[], options: { stopAfterChars?: number } = {}): Promise<{ text: string; event: PlaygroundEvent }> {
    const controller = new AbortController();
    let text = '';
    const req: ChatRequest = { requestId: id('req'), sessionName: this.session, messages: history, model: LLAMA, system: this.system, temperature: 1 };
    const { event } = await socketChat(req, {
      signal: controller.signal,
      openSocket: emulatorSockets(emu.origin),
      deadlines,
      emit: (e) => {
        if (e.type !== 'text-delta') return;
        text += e.text;
        if (options.stopAfterChars !== undefined && text.length >= options.stopAfterChars) controller.abort();
      },
    });
    return { text, event };
  }

  /** Send a user turn; the answer joins the visible conversation (as done, or stopped). */
  async send(prompt: string, options: { stopAfterChars?: number } = {}): Promise<string> {
    this.turns.push({ id: id('u'), role: 'user', text: prompt });
    const { text } = await this.ask([...this.turns], options);
    this.turns.push({ id: id('a'), role: 'assistant', text });
    return text;
  }

  expected(turns: ChatTurn[] = this.turns): ModelTurn[] {
    const system = this.system?.trim() ? [{ role: 'system', text: this.system }] : [];
    return [...system, ...turns.map((t) => ({ role: t.role, text: t.text }))];
  }
}

const lastInput = (): ModelTurn[] => emu.modelInputs().at(-1)!.prompt;

describe('the model receives exactly the visible conversation (agents socket, server-side merge)', () => {
  it('turns one, two and three, system prompt first', async () => {
    const c = new Conversation('Be brief.');
    await c.send('First question');
    expect(lastInput()).toEqual(c.expected(c.turns.slice(0, 1)));
    await c.send('Second question');
    expect(lastInput()).toEqual(c.expected(c.turns.slice(0, 3)));
    expect(lastInput().map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    await c.send('Third question');
    expect(lastInput()).toEqual(c.expected(c.turns.slice(0, 5)));
  });

  it('after Stop the partial answer appears once; after Continue the model gets the partial and the nudge once', async () => {
    emu.configure({ tokenDelayMs: 2 });
    const c = new Conversation();
    await c.send('Hi');
    const partial = await c.send('/long 300', { stopAfterChars: 60 });
    expect(partial.length).toBeGreaterThanOrEqual(60);
    // The server persisted its own copy of the partial answer; it must not reach the model twice.
    await c.send('After the stop');
    expect(lastInput()).toEqual(c.expected(c.turns.slice(0, 5)));
    // Continue the stopped answer (index 3): history up to it, the partial, then the hidden nudge.
    const history: ChatTurn[] = [...c.turns.slice(0, 4), { id: id('n'), role: 'user', text: CONTINUE_PROMPT }];
    await c.ask(history);
    expect(lastInput()).toEqual(c.expected(history));
    expect(lastInput().filter((m) => m.text === partial)).toHaveLength(1);
  });

  it('after Regenerate the replaced answer is gone', async () => {
    const c = new Conversation('Be brief.');
    await c.send('One');
    await c.send('Two');
    // Regenerate the last answer: the history ends with its user turn again.
    const history = c.turns.slice(0, 3);
    await c.ask(history);
    expect(lastInput()).toEqual(c.expected(history));
    // And the next turn sees the regenerated branch only.
    c.turns = [...history, { id: id('a'), role: 'assistant', text: 'Hello! You said: Two' }];
    await c.send('Three');
    expect(lastInput()).toEqual(c.expected(c.turns.slice(0, 5)));
  });

  it('a user with no system prompt gets none, not the server default', async () => {
    const c = new Conversation();
    await c.send('Hi');
    expect(lastInput()).toEqual([{ role: 'user', text: 'Hi' }]);
    expect(emu.transcript(c.session)).toHaveLength(2);
  });
});
