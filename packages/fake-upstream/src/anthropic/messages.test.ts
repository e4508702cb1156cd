import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../model/tokenizer.ts';
import { parseSse, post, useFakeUpstream } from '../test-support/http-client.ts';

const upstream = useFakeUpstream();
const ajv = new Ajv({ strict: false });

const question = 'What is the capital of France?';
const request = (extra: Record<string, unknown> = {}) => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: question }],
  ...extra,
});
const weatherTool = {
  name: 'get_weather',
  description: 'Lookup the weather for a given city',
  input_schema: {
    type: 'object',
    properties: { location: { type: 'string' }, units: { type: 'string', enum: ['c', 'f'] } },
    required: ['location', 'units'],
    additionalProperties: false,
  },
};

async function message(extra: Record<string, unknown> = {}) {
  const res = await post(upstream(), '/v1/messages', request(extra));
  expect(res.status, res.text).toBe(200);
  return res.json;
}

async function events(extra: Record<string, unknown>) {
  const res = await post(upstream(), '/v1/messages', request({ stream: true, ...extra }));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return parseSse(res.text, '\n').map((e) => {
    const data = JSON.parse(e.data);
    expect(data.type).toBe(e.event);
    return data;
  });
}

describe('POST /v1/messages', () => {
  it('answers the same text as OpenAI for the same conversation, with usage in Anthropic names', async () => {
    const res = await message({ system: [{ type: 'text', text: 'Be brief.' }] });
    const openAi = await post(upstream(), '/v1/chat/completions', {
      model: 'm',
      messages: [{ role: 'user', content: question }],
    });
    expect(res).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(res.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(res.content).toEqual([{ type: 'text', text: openAi.json.choices[0].message.content }]);
    expect(res.usage.input_tokens).toBe(countTokens('Be brief.') + countTokens(question));
    expect(res.usage.output_tokens).toBe(countTokens(res.content[0].text));
  });

  it('stops at max_tokens and at stop sequences the Anthropic way', async () => {
    const full: string = (await message()).content[0].text;
    const cut = await message({ max_tokens: 3 });
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', usage: { output_tokens: 3 } });
    const word = full.split(' ')[2] as string;
    const stopped = await message({ stop_sequences: [word] });
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: word });
    expect(stopped.content[0].text).toBe(full.slice(0, full.indexOf(word)));
    expect((await message({ stop_sequences: [full.slice(0, 2)] })).content).toEqual([]);
  });

  it('answers tool_choice any/tool with a tool_use block whose input fits the schema', async () => {
    for (const toolChoice of [{ type: 'any' }, { type: 'tool', name: 'get_weather' }]) {
      const res = await message({ tools: [weatherTool], tool_choice: toolChoice });
      expect(res.stop_reason).toBe('tool_use');
      const block = res.content[0];
      expect(block).toMatchObject({ type: 'tool_use', name: 'get_weather' });
      expect(block.id).toMatch(/^toolu_01[A-Za-z0-9]{22}$/);
      expect(ajv.validate(weatherTool.input_schema, block.input)).toBe(true);
      expect(res.usage.output_tokens).toBe(countTokens(JSON.stringify(block.input)));
    }
    const cut = await message({
      tools: [weatherTool],
      tool_choice: { type: 'any' },
      max_tokens: 2,
    });
    expect(cut).toMatchObject({
      stop_reason: 'max_tokens',
      content: [{ type: 'tool_use', input: {} }],
    });
  });

  it('reads tool_use and tool_result blocks as prompt text and answers in text after a tool result', async () => {
    const res = await message({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'get_weather for Paris' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 't1', name: 'get_weather', input: { location: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sunny' }] },
          ],
        },
      ],
    });
    expect(res.stop_reason).toBe('end_turn');
    const tools =
      countTokens('get_weather') +
      countTokens(weatherTool.description) +
      countTokens(JSON.stringify(weatherTool.input_schema));
    const prompt =
      countTokens('get_weather for Paris') +
      countTokens('get_weather{"location":"Paris"}') +
      countTokens('sunny');
    expect(res.usage.input_tokens).toBe(prompt + tools);
  });

  it('writes schema-valid JSON for output_format json_schema', async () => {
    const res = await message({
      output_format: { type: 'json_schema', schema: weatherTool.input_schema },
    });
    expect(ajv.validate(weatherTool.input_schema, JSON.parse(res.content[0].text))).toBe(true);
  });

  it('streams the named events in order, one text_delta per token, usage in message_delta', async () => {
    const whole = await message();
    const stream = await events({});
    expect(stream.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array(whole.usage.output_tokens).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(stream[0].message).toMatchObject({
      content: [],
      stop_reason: null,
      usage: { input_tokens: whole.usage.input_tokens, output_tokens: 1 },
    });
    expect(stream[1].content_block).toEqual({ type: 'text', text: '' });
    const text = stream
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => e.delta.text)
      .join('');
    expect(text).toBe(whole.content[0].text);
    expect(stream.at(-2)).toMatchObject({
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: whole.usage.output_tokens },
    });
  });

  it('streams a tool_use block as input_json_delta pieces that join into valid input', async () => {
    const stream = await events({ tools: [weatherTool], tool_choice: { type: 'any' } });
    expect(stream[1].content_block).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: {},
    });
    const partials = stream
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => e.delta.partial_json);
    expect(partials[0]).toBe('');
    expect(partials.length).toBeGreaterThan(5);
    expect(ajv.validate(weatherTool.input_schema, JSON.parse(partials.join('')))).toBe(true);
    expect(stream.at(-2).delta.stop_reason).toBe('tool_use');
  });

  it('refuses bad requests with Anthropic error bodies', async () => {
    const cases: unknown[] = [
      { messages: [{ role: 'user', content: 'x' }], max_tokens: 5 },
      { model: 'c', messages: [{ role: 'user', content: 'x' }] },
      { model: 'c', max_tokens: 5 },
      request({ messages: [{ role: 'system', content: 'x' }] }),
      request({ tools: [{ description: 'no name' }] }),
      request({ tools: [weatherTool], tool_choice: { type: 'tool', name: 'other' } }),
      request({ tool_choice: { type: 'sometimes' } }),
      request({ stop_sequences: [3] }),
      '{not json',
    ];
    for (const body of cases) {
      const res = await post(upstream(), '/v1/messages', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error', message: expect.any(String) },
      });
      expect(res.json.request_id).toMatch(/^req_/);
      expect(res.headers.get('request-id')).toBe(res.json.request_id);
      expect(res.headers.get('x-should-retry')).toBe('false');
    }
  });
});
