import { describe, expect, it } from 'vitest';
import { ChatCompletionRequestSchema } from './chat-completion-request.ts';

const base = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

function issuePath(body: unknown): string | undefined {
  const result = ChatCompletionRequestSchema.safeParse(body);
  return result.success ? undefined : result.error.issues[0]!.path.join('.');
}

describe('chat completion request schema', () => {
  it('accepts multi-part content, tools, json_schema and unknown fields untouched', () => {
    const body = {
      ...base,
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '42' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object' } },
      },
      stream: true,
      stream_options: { include_usage: true },
      brand_new_openai_parameter: { nested: true },
    };
    const parsed = ChatCompletionRequestSchema.parse(body);
    expect(parsed).toEqual(body);
  });

  it.each([
    [{ temperature: 2.1 }, 'temperature'],
    [{ temperature: -0.1 }, 'temperature'],
    [{ top_p: 1.5 }, 'top_p'],
    [{ n: 0 }, 'n'],
    [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    [{ max_tokens: 0 }, 'max_tokens'],
    [{ max_completion_tokens: 1.5 }, 'max_completion_tokens'],
    [{ presence_penalty: 3 }, 'presence_penalty'],
    [{ logit_bias: { '50256': -101 } }, 'logit_bias.50256'],
    [{ top_logprobs: 3 }, 'top_logprobs'],
    [{ stream_options: { include_usage: true } }, 'stream_options'],
    [{ seed: 'x' }, 'seed'],
    [{ messages: [] }, 'messages'],
    [{ messages: [{ role: 'wizard', content: 'x' }] }, 'messages.0.role'],
    [{ messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.tool_call_id'],
    [{ tools: [{ type: 'function', function: { name: 'bad name!' } }] }, 'tools.0.function.name'],
    [{ tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice'],
    [{ model: '' }, 'model'],
  ])('rejects %j at %s', (patch, path) => {
    expect(issuePath({ ...base, ...patch })).toBe(path);
  });

  it('accepts the boundaries of every documented range', () => {
    expect(
      issuePath({
        ...base,
        temperature: 2,
        top_p: 0,
        n: 128,
        stop: ['a', 'b', 'c', 'd'],
        presence_penalty: -2,
        frequency_penalty: 2,
        logprobs: true,
        top_logprobs: 20,
      }),
    ).toBeUndefined();
  });
});
