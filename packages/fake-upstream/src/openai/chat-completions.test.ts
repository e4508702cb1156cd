import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../model/tokenizer.ts';
import { post, useFakeUpstream } from '../test-support/http-client.ts';
import {
  chat,
  completion,
  completionChunks,
  question,
  timeTool,
  weatherTool,
} from '../test-support/openai-chat-client.ts';

const upstream = useFakeUpstream({ now: () => 1_750_000_000_000 });
const ajv = new Ajv({ strict: false });

describe('POST /v1/chat/completions', () => {
  it('answers deterministically, with usage that adds up and counts with the documented tokenizer', async () => {
    const first = await completion(upstream());
    const again = await completion(upstream());
    const content = first.choices[0]?.message.content as string;
    expect(again.choices[0]?.message.content).toBe(content);
    expect(first.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(again.id).not.toBe(first.id);
    expect(first).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      created: 1_750_000_000,
    });
    expect(first.choices[0]?.finish_reason).toBe('stop');
    const usage = first.usage!;
    expect(usage.prompt_tokens).toBe(countTokens(question.content));
    expect(usage.completion_tokens).toBe(countTokens(content));
    expect(usage.completion_tokens).toBeGreaterThanOrEqual(20);
    expect(usage.completion_tokens).toBeLessThanOrEqual(60);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it('answers a different prompt differently, and counts every message and tool in the prompt', async () => {
    const other = await completion(upstream(), {
      messages: [{ role: 'user', content: 'Something else entirely' }],
    });
    expect(other.choices[0]?.message.content).not.toBe(
      (await completion(upstream())).choices[0]?.message.content,
    );
    const messages = [
      { role: 'developer', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look at this' },
          { type: 'image_url', image_url: { url: 'x' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'noon' },
    ];
    const withTools = await completion(upstream(), { messages, tools: [timeTool] });
    const expected =
      countTokens('Be brief.') +
      countTokens('Look at this') +
      countTokens('get_time{}') +
      countTokens('noon') +
      countTokens('get_time') +
      countTokens(JSON.stringify(timeTool.function.parameters));
    expect(withTools.usage?.prompt_tokens).toBe(expected);
    // The conversation ends with a tool result: `auto` answers in text.
    expect(withTools.choices[0]?.finish_reason).toBe('stop');
  });

  it('returns n different choices, the first being the n=1 answer, with completion tokens summed', async () => {
    const single = await completion(upstream());
    const three = await completion(upstream(), { n: 3 });
    expect(three.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(three.choices[0]?.message.content).toBe(single.choices[0]?.message.content);
    expect(new Set(three.choices.map((c) => c.message.content)).size).toBe(3);
    const sum = three.choices.reduce((n, c) => n + countTokens(c.message.content ?? ''), 0);
    expect(three.usage?.completion_tokens).toBe(sum);
  });

  it('stops at max_tokens (or max_completion_tokens) with finish_reason length and exactly that many tokens', async () => {
    const full = (await completion(upstream())).choices[0]?.message.content as string;
    for (const field of ['max_tokens', 'max_completion_tokens']) {
      const cut = await completion(upstream(), { [field]: 5 });
      expect(cut.choices[0]?.finish_reason).toBe('length');
      expect(cut.usage?.completion_tokens).toBe(5);
      expect(countTokens(cut.choices[0]?.message.content ?? '')).toBe(5);
      expect(full.startsWith(cut.choices[0]?.message.content ?? '?')).toBe(true);
    }
    expect((await completion(upstream(), { max_tokens: 1000 })).choices[0]?.finish_reason).toBe(
      'stop',
    );
  });

  it('cuts the answer before the first stop sequence', async () => {
    const full = (await completion(upstream())).choices[0]?.message.content as string;
    const stop = full.split(' ')[3] as string;
    const cut = await completion(upstream(), { stop: ['zzz-never', ` ${stop}`] });
    const text = cut.choices[0]?.message.content as string;
    expect(text).toBe(full.slice(0, full.indexOf(` ${stop}`)));
    expect(cut.choices[0]?.finish_reason).toBe('stop');
    expect(cut.usage?.completion_tokens).toBe(countTokens(text));
    expect(
      (await completion(upstream(), { stop: full.slice(0, 3) })).choices[0]?.message.content,
    ).toBe('');
  });

  it('writes a JSON object for json_object and schema-valid JSON for json_schema', async () => {
    const object = await completion(upstream(), { response_format: { type: 'json_object' } });
    expect(JSON.parse(object.choices[0]?.message.content ?? '')).toEqual({
      answer: expect.any(String),
    });
    const schema = weatherTool.function.parameters;
    const structured = await completion(upstream(), {
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'weather', schema, strict: true },
      },
    });
    expect(ajv.validate(schema, JSON.parse(structured.choices[0]?.message.content ?? ''))).toBe(
      true,
    );
    expect(
      (await completion(upstream(), { response_format: { type: 'text' } })).choices[0]?.message
        .content,
    ).toMatch(/\.$/);
  });

  it('streams one chunk per token, framed like OpenAI, with a usage chunk when include_usage is set', async () => {
    const whole = await completion(upstream());
    const stream = await completionChunks(upstream(), { stream_options: { include_usage: true } });
    expect(new Set(stream.map((c) => c.id)).size).toBe(1);
    expect(stream[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const tokens = stream.slice(1, -2).map((c) => c.choices[0]?.delta.content);
    expect(tokens.join('')).toBe(whole.choices[0]?.message.content);
    expect(tokens).toHaveLength(whole.usage!.completion_tokens);
    expect(stream.at(-2)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(stream.at(-1)).toMatchObject({
      choices: [],
      usage: { total_tokens: whole.usage!.total_tokens },
    });
    expect(stream.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const plain = await completionChunks(upstream(), {});
    expect(plain.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(plain.every((c) => !('usage' in c))).toBe(true);
  });

  it('interleaves the chunks of n choices', async () => {
    const stream = await completionChunks(upstream(), { n: 2, max_tokens: 3 });
    expect(stream.map((c) => c.choices[0]?.index)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('refuses malformed requests with OpenAI 400 bodies naming the parameter', async () => {
    const cases: Array<[unknown, string]> = [
      [{ messages: [question] }, 'model'],
      [{ model: 'm' }, 'messages'],
      [{ model: 'm', messages: ['hi'] }, 'messages.[0]'],
      [{ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, 'messages.[0].role'],
      [chat({ n: 0 }), 'n'],
      [chat({ n: 129 }), 'n'],
      [chat({ max_tokens: 'many' }), 'max_tokens'],
      [chat({ stop: [1] }), 'stop'],
      [chat({ stream: 'yes' }), 'stream'],
      [chat({ tools: {} }), 'tools'],
      [chat({ tools: [{ type: 'function' }] }), 'tools[0].function.name'],
      [chat({ tool_choice: 'required' }), 'tool_choice'],
      [
        chat({ tools: [timeTool], tool_choice: { type: 'function', function: { name: 'nope' } } }),
        'tool_choice',
      ],
      [chat({ tools: [timeTool], tool_choice: { type: 'function' } }), 'tool_choice'],
      [chat({ response_format: { type: 'json_schema' } }), 'response_format.json_schema'],
      [chat({ response_format: { type: 'yaml' } }), 'response_format.type'],
      [[1, 2], 'body'],
    ];
    for (const [body, param] of cases) {
      const res = await post(upstream(), '/v1/chat/completions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toMatchObject({ type: 'invalid_request_error', param, code: null });
    }
    const notJson = await post(upstream(), '/v1/chat/completions', '{"model":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toMatch(/could not parse the JSON body/);
  });
});
