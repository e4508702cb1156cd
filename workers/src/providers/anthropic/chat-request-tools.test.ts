import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest, Tool } from '@alfred/contracts';
import { fixtureJson, targetFor, withModel } from '../test-support/fixtures.ts';
import type { ChatRequestBody } from '../test-support/fixtures.ts';
import { anthropicConnector } from './index.ts';

const chat = anthropicConnector.chat;
const body = (request: ChatRequestBody, model = 'claude-haiku-4-5') =>
  JSON.parse(chat.buildRequest(withModel(request), targetFor('anthropic', model)).body);

/** get_weather as an OpenAI tool, built from the Anthropic fixture's input_schema. */
const weatherTool = (): Tool => {
  const [tool] = fixtureJson<{
    tools: Array<{ name: string; description: string; input_schema: Record<string, unknown> }>;
  }>('anthropic/tool-use.request.json').tools;
  return {
    type: 'function',
    function: { name: tool!.name, description: tool!.description, parameters: tool!.input_schema },
  };
};

describe('Anthropic request with tools', () => {
  it('translates tools', () => {
    const request = {
      max_tokens: 1024,
      messages: [{ role: 'user' as const, content: 'What is the weather in SF?' }],
      tools: [weatherTool()],
    };
    expect(body(request)).toEqual(fixtureJson('anthropic/tool-use.request.json'));
  });

  it('translates tool_choice "required" to {type: "any"}', () => {
    const expected = fixtureJson<{
      tools: Array<{ name: string; description: string; input_schema: Record<string, unknown> }>;
    }>('anthropic/tool-use-stream.request.json');
    const [tool] = expected.tools;
    const request: ChatRequestBody = {
      max_tokens: 1024,
      tools: [
        {
          type: 'function',
          function: {
            name: tool!.name,
            description: tool!.description,
            parameters: tool!.input_schema,
          },
        },
      ],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'What is the weather like in San Francisco?' }],
      stream: true,
    };
    expect(body(request, 'claude-opus-4-1-20250805')).toEqual(expected);
  });

  it('replays an assistant tool call and its result as tool_use and tool_result blocks', () => {
    const expected = fixtureJson<{ messages: Array<{ content: unknown }> }>(
      'anthropic/tool-result.request.json',
    );
    // `caller` is what Anthropic echoes in its own tool_use blocks; an OpenAI client cannot send it.
    delete (expected.messages[1]!.content as Array<Record<string, unknown>>)[0]!.caller;
    const request: ChatRequestBody = {
      max_tokens: 1024,
      messages: [
        { role: 'user', content: 'What is the weather in SF?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'toolu_016xm9m1i3NcGW5xFMMZJTqY',
              type: 'function',
              function: {
                name: 'get_weather',
                arguments: '{"location":"San Francisco, CA","units":"f"}',
              },
            },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'toolu_016xm9m1i3NcGW5xFMMZJTqY',
          content:
            '{"location": "San Francisco, CA", "temperature": "68\\u00b0F", "condition": "Sunny"}',
        },
      ],
      tools: [weatherTool()],
    };
    expect(body(request)).toEqual(expected);
  });

  it('merges parallel tool results into one user turn and makes foreign ids valid', () => {
    const sent = body({
      messages: [
        { role: 'user', content: 'Add twice' },
        {
          role: 'assistant',
          content: 'Adding.',
          tool_calls: [
            {
              id: 'call_0__sig__ab+c/d',
              type: 'function',
              function: { name: 'sum', arguments: 'not json' },
            },
            { id: 'call_1', type: 'function', function: { name: 'sum', arguments: '{"a":1}' } },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'call_0__sig__ab+c/d',
          content: [{ type: 'text', text: '3' }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '4' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(sent.messages).toEqual([
      { role: 'user', content: 'Add twice' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Adding.' },
          { type: 'tool_use', id: 'call_0__sig__ab_c_d', name: 'sum', input: {} },
          { type: 'tool_use', id: 'call_1', name: 'sum', input: { a: 1 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_0__sig__ab_c_d', content: '3' },
          { type: 'tool_result', tool_use_id: 'call_1', content: '4' },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('maps tool_choice variants and parallel_tool_calls: false', () => {
    const tools = [weatherTool()];
    const choice = (request: Partial<ChatCompletionRequest>) =>
      body({ messages: [{ role: 'user', content: 'x' }], tools, ...request }).tool_choice;
    expect(choice({ tool_choice: 'none' })).toEqual({ type: 'none' });
    expect(choice({ tool_choice: 'auto' })).toEqual({ type: 'auto' });
    expect(choice({ parallel_tool_calls: false })).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      choice({
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
      }),
    ).toEqual({
      type: 'tool',
      name: 'get_weather',
      disable_parallel_tool_use: true,
    });
    expect(choice({})).toBeUndefined();
  });
});
