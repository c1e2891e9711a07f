// The agents server's transcript merge as the emulator models it (by id, then identical parts,
// clean-up only when every id is known) and what the model receives from it.
import { describe, expect, it } from 'vitest';
import { mergeTranscript, modelInput, serverAssistantMessage } from '../../emulator/transcript';

const user = (id: string, text: string) => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const ours = (id: string, text: string) => ({ id, role: 'assistant', parts: [{ type: 'text', text }] });

describe('server transcript merge', () => {
  const stored = [user('u1', 'Hi'), serverAssistantMessage('Hello', '', 'assistant_1_x')];

  it('stores assistant answers under the server id with step-start + done text parts', () => {
    expect(stored[1]).toEqual({ id: 'assistant_1_x', role: 'assistant', parts: [{ type: 'step-start' }, { type: 'text', text: 'Hello', state: 'done' }] });
  });

  it('a client id with bare text parts matches nothing: the answer is stored (and seen) twice', () => {
    const merged = mergeTranscript(stored, [user('u1', 'Hi'), ours('a1', 'Hello'), user('u2', 'Again')]);
    expect(merged.map((m) => m.id)).toEqual(['u1', 'assistant_1_x', 'a1', 'u2']);
    expect(modelInput('S', merged).map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'assistant', 'user']);
  });

  it('the server id, or identical parts, replace the stored copy in place', () => {
    const byId = mergeTranscript(stored, [user('u1', 'Hi'), ours('assistant_1_x', 'Hello'), user('u2', 'Again')]);
    expect(byId.map((m) => m.id)).toEqual(['u1', 'assistant_1_x', 'u2']);
    const sameParts = { id: 'a1', role: 'assistant', parts: stored[1].parts };
    expect(mergeTranscript(stored, [user('u1', 'Hi'), sameParts, user('u2', 'Again')]).map((m) => m.id)).toEqual(['u1', 'assistant_1_x', 'u2']);
  });

  it('deletes stale rows only when every incoming id is already stored', () => {
    const three = [...stored, user('u2', 'Again')];
    expect(mergeTranscript(three, [user('u1', 'Hi')]).map((m) => m.id)).toEqual(['u1']);
    expect(mergeTranscript(three, [user('u1', 'Hi'), user('u3', 'New')]).map((m) => m.id)).toEqual(['u1', 'assistant_1_x', 'u2', 'u3']);
  });

  it('an empty transcript (after cf_agent_chat_clear) takes the history as sent', () => {
    const sent = [user('u1', 'Hi'), ours('a1', 'Hello'), user('u2', 'Again')];
    expect(modelInput('', mergeTranscript([], sent))).toEqual([
      { role: 'user', text: 'Hi' },
      { role: 'assistant', text: 'Hello' },
      { role: 'user', text: 'Again' },
    ]);
  });
});
