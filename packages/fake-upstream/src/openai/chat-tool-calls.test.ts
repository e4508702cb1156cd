import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../model/tokenizer.ts';
import { useFakeUpstream } from '../test-support/http-client.ts';
import {
  completion,
  completionChunks,
  timeTool,
  weatherTool,
} from '../test-support/openai-chat-client.ts';

const upstream = useFakeUpstream();
const ajv = new Ajv({ strict: false });

describe('tool calls on POST /v1/chat/completions', () => {
  it('answers a forced tool call with arguments valid for the tool schema', async () => {
    const validate = ajv.compile(weatherTool.function.parameters);
    for (const toolChoice of [
      'required',
      { type: 'function', function: { name: 'get_weather' } },
    ]) {
      const res = await completion(upstream(), {
        tools: [timeTool, weatherTool],
        tool_choice: toolChoice,
        messages: [{ role: 'user', content: 'use get_weather' }],
      });
      const choice = res.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      const call = choice.message.tool_calls![0]!;
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
      expect(validate(JSON.parse(call.function.arguments))).toBe(true);
      expect(res.usage?.completion_tokens).toBe(countTokens(call.function.arguments));
    }
    // `required` without a named tool in the prompt calls the first tool; `auto` calls when the prompt names one.
    const first = await completion(upstream(), {
      tools: [timeTool, weatherTool],
      tool_choice: 'required',
    });
    expect(first.choices[0]?.message.tool_calls?.[0]?.function.name).toBe('get_time');
    const auto = await completion(upstream(), {
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'please get_weather' }],
    });
    expect(auto.choices[0]?.finish_reason).toBe('tool_calls');
    expect((await completion(upstream(), { tools: [weatherTool] })).choices[0]?.finish_reason).toBe(
      'stop',
    );
    expect(
      (
        await completion(upstream(), {
          tools: [weatherTool],
          tool_choice: 'none',
          messages: [{ role: 'user', content: 'get_weather' }],
        })
      ).choices[0]?.finish_reason,
    ).toBe('stop');
  });

  it('cuts tool arguments at max_tokens with finish_reason length', async () => {
    const res = await completion(upstream(), {
      tools: [weatherTool],
      tool_choice: 'required',
      max_tokens: 4,
    });
    expect(res.choices[0]?.finish_reason).toBe('length');
    expect(countTokens(res.choices[0]?.message.tool_calls?.[0]?.function.arguments ?? '')).toBe(4);
  });

  it('streams a tool call with its arguments split over several chunks', async () => {
    const stream = await completionChunks(upstream(), {
      tools: [weatherTool],
      tool_choice: 'required',
    });
    const opening = stream[0]?.choices[0]?.delta.tool_calls?.[0];
    expect(opening).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const parts = stream
      .slice(1, -1)
      .map((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '');
    expect(parts.length).toBeGreaterThan(5);
    expect(ajv.validate(weatherTool.function.parameters, JSON.parse(parts.join('')))).toBe(true);
    expect(stream.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });
});
