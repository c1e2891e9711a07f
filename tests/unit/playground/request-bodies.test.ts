import { describe, expect, it } from 'vitest';
import {
  buildAgentsChatFrame, buildAgentsStateFrame, buildCancelFrame,
  buildClearFrame, buildGetModelsRpc, buildInferenceBody,
  buildResumeAckFrame, buildResumeRequestFrame, buildSetConfigRpc, newId,
} from '@/lib/playground/request-bodies';
import type { ChatRequest } from '@/lib/playground/types';

const req: ChatRequest = {
  requestId: 'req_ab12cd34',
  sessionName: 'flarechat-abc',
  messages: [
    { id: 'msg_0', role: 'user', text: 'Hi' },
    { id: 'msg_1', role: 'assistant', text: 'Hello! "quoted"' },
    { id: 'msg_2', role: 'user', text: 'Привет 👋🏽' },
  ],
  model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  system: 'Be brief.',
  temperature: 0.5,
  maxTokens: 512,
};

describe('buildInferenceBody (Eras B and C)', () => {
  it('exact JSON: content + parts + id on every message, system prompt once as system_message', () => {
    expect(JSON.stringify(buildInferenceBody(req))).toBe(
      '{"messages":['
      + '{"id":"msg_0","role":"user","content":"Hi","parts":[{"type":"text","text":"Hi"}]},'
      + '{"id":"msg_1","role":"assistant","content":"Hello! \\"quoted\\"","parts":[{"type":"text","text":"Hello! \\"quoted\\""}]},'
      + '{"id":"msg_2","role":"user","content":"Привет 👋🏽","parts":[{"type":"text","text":"Привет 👋🏽"}]}],'
      + '"lora":null,"model":"@cf/meta/llama-3.3-70b-instruct-fp8-fast","max_tokens":512,"stream":true,'
      + '"system_message":"Be brief.","tools":[]}',
    );
  });
  it('no system prompt → no system_message and no system message; max_tokens defaults and clamps', () => {
    const body = buildInferenceBody({ ...req, system: undefined, maxTokens: undefined, messages: [req.messages[0]] });
    expect(JSON.stringify(body)).toBe(
      '{"messages":[{"id":"msg_0","role":"user","content":"Hi","parts":[{"type":"text","text":"Hi"}]}],'
      + '"lora":null,"model":"@cf/meta/llama-3.3-70b-instruct-fp8-fast","max_tokens":2048,"stream":true,"tools":[]}',
    );
    expect(buildInferenceBody({ ...req, maxTokens: 99_999 }).max_tokens).toBe(2048);
    expect(buildInferenceBody({ ...req, maxTokens: 0 }).max_tokens).toBe(1);
    expect(buildInferenceBody({ ...req, system: '   ' }).system_message).toBeUndefined();
    expect(buildInferenceBody(req).messages.some((m) => (m.role as string) === 'system')).toBe(false);
  });
});

describe('agents frames (Era D)', () => {
  it('chat request: init.body is a JSON string, assistant turns as text parts', () => {
    const frame = buildAgentsChatFrame(req, { url: 'https://playground.ai.cloudflare.com/agents/playground/flarechat-abc' });
    expect(JSON.stringify(frame)).toBe(
      '{"id":"req_ab12cd34","type":"cf_agent_use_chat_request",'
      + '"url":"https://playground.ai.cloudflare.com/agents/playground/flarechat-abc",'
      + '"init":{"method":"POST","headers":{"content-type":"application/json"},'
      + '"body":"{\\"id\\":\\"flarechat-abc-chat\\",\\"messages\\":['
      + '{\\"id\\":\\"msg_0\\",\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"text\\":\\"Hi\\"}]},'
      + '{\\"id\\":\\"msg_1\\",\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"text\\":\\"Hello! \\\\\\"quoted\\\\\\"\\"}]},'
      + '{\\"id\\":\\"msg_2\\",\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"text\\":\\"Привет 👋🏽\\"}]}],'
      + '\\"trigger\\":\\"submit-message\\"}"}}',
    );
    const inner = JSON.parse(frame.init.body) as { messages: unknown[] };
    expect(inner.messages[1]).toStrictEqual({ id: 'msg_1', role: 'assistant', parts: [{ type: 'text', text: 'Hello! "quoted"' }] });
    expect('url' in buildAgentsChatFrame(req)).toBe(false);
  });
  it('state frame from the last server state: replaces model/system/temperature, keeps the rest (the captured frame)', () => {
    const server = {
      model: '@cf/moonshotai/kimi-k2.6', temperature: 1, stream: true,
      system: 'You are a helpful assistant that can do various tasks using MCP tools.',
      useExternalProvider: false, externalProvider: 'openai', authMethod: 'provider-key',
    };
    expect(JSON.stringify(buildAgentsStateFrame(server, { ...req, system: 'You are a helpful assistant.', temperature: 1 }))).toBe(
      '{"type":"cf_agent_state","state":{"model":"@cf/meta/llama-3.3-70b-instruct-fp8-fast","temperature":1,"stream":true,'
      + '"system":"You are a helpful assistant.","useExternalProvider":false,"externalProvider":"openai","authMethod":"provider-key"}}',
    );
    expect(server.model).toBe('@cf/moonshotai/kimi-k2.6'); // not mutated
  });
  it('state frame keeps the server temperature but NEVER its system prompt when the request has none, and forces Workers AI (issue #11 item 1)', () => {
    const server = { model: 'm', temperature: 0, stream: false, system: 'S', useExternalProvider: true, generativeUI: false };
    expect(buildAgentsStateFrame(server, { ...req, system: undefined, temperature: undefined })).toStrictEqual({
      type: 'cf_agent_state',
      state: { model: req.model, temperature: 0, stream: true, system: '', useExternalProvider: false, generativeUI: false, externalProvider: 'openai' },
    });
    // A blank prompt counts as none; an instance whose stored state carries someone else's prompt loses it.
    expect(buildAgentsStateFrame({ system: 'Reply with the card number' }, { ...req, system: '  ' }).state.system).toBe('');
  });
  it('state frame defaults with no server state', () => {
    expect(JSON.stringify(buildAgentsStateFrame(undefined, { ...req, system: undefined, temperature: undefined }))).toBe(
      '{"type":"cf_agent_state","state":{"system":"","temperature":1,"externalProvider":"openai",'
      + '"model":"@cf/meta/llama-3.3-70b-instruct-fp8-fast","stream":true,"useExternalProvider":false}}',
    );
  });
  it('rpc, cancel and resume frames', () => {
    expect(JSON.stringify(buildSetConfigRpc('cfg_1', req))).toBe(
      '{"type":"rpc","id":"cfg_1","method":"setConfig","args":[{"model":"@cf/meta/llama-3.3-70b-instruct-fp8-fast","temperature":0.5,"stream":true,"system":"Be brief."}]}',
    );
    expect(JSON.stringify(buildSetConfigRpc('cfg_2', { ...req, system: undefined, temperature: undefined }))).toBe(
      '{"type":"rpc","id":"cfg_2","method":"setConfig","args":[{"model":"@cf/meta/llama-3.3-70b-instruct-fp8-fast","temperature":1,"stream":true,"system":""}]}',
    );
    expect(JSON.stringify(buildGetModelsRpc('rpc-models-1'))).toBe('{"type":"rpc","id":"rpc-models-1","method":"getModels","args":[]}');
    expect(JSON.stringify(buildCancelFrame('req_x'))).toBe('{"type":"cf_agent_chat_request_cancel","id":"req_x"}');
    expect(JSON.stringify(buildResumeRequestFrame())).toBe('{"type":"cf_agent_stream_resume_request"}');
    expect(JSON.stringify(buildResumeRequestFrame('p_1'))).toBe('{"type":"cf_agent_stream_resume_request","probeId":"p_1"}');
    expect(JSON.stringify(buildClearFrame())).toBe('{"type":"cf_agent_chat_clear"}');
    expect(JSON.stringify(buildResumeAckFrame('req_x'))).toBe('{"type":"cf_agent_stream_resume_ack","id":"req_x"}');
  });
});

describe('newId', () => {
  it('prefix + 21 URL-safe symbols, random', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newId('req')));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{21}$/);
    expect(newId()).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(newId('x', 8)).toMatch(/^x_[A-Za-z0-9_-]{8}$/);
  });
});
