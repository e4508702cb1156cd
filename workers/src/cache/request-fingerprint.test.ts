import type { ChatCompletionRequest } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { chatRequest } from './test-support/cache-fixture.ts';
import { requestFingerprint } from './request-fingerprint.ts';

const fp = (request: Partial<ChatCompletionRequest>) =>
  requestFingerprint({ ...chatRequest('Hello'), ...request } as ChatCompletionRequest);
const base = fp({});

describe('requestFingerprint', () => {
  it('is a sha256 hex digest, the same for the same request', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(fp({})).toBe(base);
  });

  it('ignores how the answer is delivered or recorded', () => {
    expect(fp({ stream: true, stream_options: { include_usage: true } })).toBe(base);
    expect(fp({ user: 'u-1', metadata: { app: 'x' }, store: true, service_tier: 'flex' })).toBe(
      base,
    );
  });

  it('treats OpenAI defaults, nulls and a lone text part as absent or plain', () => {
    expect(fp({ temperature: 1, top_p: 1, n: 1, presence_penalty: 0, frequency_penalty: 0 })).toBe(
      base,
    );
    expect(
      fp({
        logprobs: false,
        seed: null,
        stop: [],
        logit_bias: {},
        response_format: { type: 'text' },
      }),
    ).toBe(base);
    expect(fp({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] })).toBe(
      base,
    );
    expect(fp({ tool_choice: 'none', parallel_tool_calls: true })).toBe(base);
  });

  it('does not depend on key order, and treats stop as a set', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        temperature: 0.2,
        messages: chatRequest('Hello').messages,
        model: 'gpt-4o-mini',
      }),
    );
    expect(requestFingerprint(reordered)).toBe(fp({ temperature: 0.2 }));
    expect(fp({ stop: 'END' })).toBe(fp({ stop: ['END', 'END'] }));
    expect(fp({ stop: ['a', 'b'] })).toBe(fp({ stop: ['b', 'a'] }));
  });

  it('changes with the model, the conversation and every output-affecting parameter', () => {
    const variants: Array<Partial<ChatCompletionRequest>> = [
      { model: 'gpt-4o' },
      { messages: chatRequest('Hello!').messages },
      { messages: [{ role: 'system', content: 'Be brief.' }, ...chatRequest('Hello').messages] },
      { temperature: 0 },
      { top_p: 0.5 },
      { n: 2 },
      { stop: 'END' },
      { max_tokens: 10 },
      { max_completion_tokens: 10 },
      { seed: 7 },
      { logprobs: true },
      { logprobs: true, top_logprobs: 3 },
      { presence_penalty: 0.5 },
      { frequency_penalty: 0.5 },
      { logit_bias: { '1234': -100 } },
      { response_format: { type: 'json_object' } },
      { reasoning_effort: 'low' },
      { tools: [{ type: 'function', function: { name: 'f' } }] },
      { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' },
      { prediction: { type: 'content', content: 'x' } } as Partial<ChatCompletionRequest>,
    ];
    const prints = variants.map(fp);
    expect(new Set([base, ...prints]).size).toBe(variants.length + 1);
  });

  it('keeps the property order of JSON schemas, which orders a strict structured output', () => {
    const schema = (properties: Record<string, unknown>) => ({
      response_format: {
        type: 'json_schema' as const,
        json_schema: { name: 'person', strict: true, schema: { type: 'object', properties } },
      },
    });
    const nameFirst = fp(schema({ name: { type: 'string' }, age: { type: 'number' } }));
    const ageFirst = fp(schema({ age: { type: 'number' }, name: { type: 'string' } }));
    expect(nameFirst).not.toBe(ageFirst);
  });

  it('tells tool calls and tool results in the history apart', () => {
    const call = (args: string) => ({
      messages: [
        ...chatRequest('Weather in Paris?').messages,
        {
          role: 'assistant' as const,
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function' as const,
              function: { name: 'weather', arguments: args },
            },
          ],
        },
        { role: 'tool' as const, tool_call_id: 'call_1', content: '21°C' },
      ],
    });
    expect(fp(call('{"city":"Paris"}'))).not.toBe(fp(call('{"city":"Lyon"}')));
    expect(fp(call('{"city":"Paris"}'))).toBe(fp(call('{"city":"Paris"}')));
  });
});
