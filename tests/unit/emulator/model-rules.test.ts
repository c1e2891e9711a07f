// Issue #17: per-model churn in the emulator (model-rules.ts): a model retired after N turns, one at
// capacity, one that needs a paid plan; the rows with paid flags and non-chat "Text Generation" rows.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server';
import { MODEL_ROWS } from '../../emulator/models';
import { chatRequest, chatText, TestSocket } from './helpers';

let emu: Emulator;
const open: TestSocket[] = [];
let n = 0;
const GLM = '@cf/zai-org/glm-5.2';

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.configure({ modelRules: {} }));
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function withModel(model: string): Promise<TestSocket> {
  const s = await TestSocket.open(`${emu.origin.replace('http', 'ws')}/agents/playground/rules-${++n}?_pk=${n}`);
  open.push(s);
  await s.until(() => s.frames.length >= 3);
  s.send({ type: 'cf_agent_state', state: { model } });
  return s;
}

async function turn(s: TestSocket, id: string): Promise<{ text: string; error?: string }> {
  s.send(chatRequest(id, [{ id: `u-${id}`, role: 'user', text: 'Hi' }]));
  const frames = await s.chat(id);
  const error = frames.map((f) => f.data as { error?: boolean; body?: string }).find((d) => d.error === true)?.body;
  return { text: chatText(frames), error };
}

describe('modelRules', () => {
  it('a model retired mid-conversation: answers two turns, then 5028 on every turn', async () => {
    emu.configure({ modelRules: { [GLM]: { fail: 'model-deprecated', afterTurns: 2 } } });
    const s = await withModel(GLM);
    expect((await turn(s, 'r1')).text).toContain('Hello');
    expect((await turn(s, 'r2')).text).toContain('Hello');
    expect((await turn(s, 'r3')).error).toMatch(/^5028: /);
    expect((await turn(s, 'r4')).error).toMatch(/^5028: /);
  });

  it.each([
    ['capacity', /^3040: /],
    ['model-paid', /^5035: /],
  ] as const)('%s from the first turn, only for that model', async (fail, text) => {
    emu.configure({ modelRules: { [GLM]: { fail } } });
    expect((await turn(await withModel(GLM), 'r1')).error).toMatch(text);
    expect((await turn(await withModel('@cf/google/gemma-4-26b-a4b-it'), 'r1')).text).toContain('Hello');
  });

  it('refuses a rule it does not know', async () => {
    const res = await fetch(`${emu.origin}/__emulator/config`, { method: 'POST', body: JSON.stringify({ modelRules: { [GLM]: { fail: 'bored' } } }) });
    expect(res.status).toBe(400);
  });
});

describe('model rows of 2026', () => {
  it('carry paid flags, vision, a planned deprecation, and non-chat rows labelled Text Generation', () => {
    const props = (name: string) => Object.fromEntries(MODEL_ROWS.find((r) => r.name === name)!.properties.map((p) => [p.property_id, p.value]));
    expect(props(GLM)).toMatchObject({ require_workers_paid: 'true', context_window: '262144' });
    expect(props('@cf/google/gemma-4-26b-a4b-it')).toMatchObject({ vision: 'true' });
    expect(props('@cf/mistralai/mistral-small-3.1-24b-instruct')).toMatchObject({ planned_deprecation_date: '2026-12-30' });
    const textGen = MODEL_ROWS.filter((r) => r.task.name === 'Text Generation').map((r) => r.name);
    expect(textGen).toEqual(expect.arrayContaining(['@cf/meta/llama-guard-3-8b', '@cf/cloudflare/clef-1']));
  });
});
