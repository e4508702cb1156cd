import type { ChatCompletionChunk, ChatCompletionResponse } from '@alfred/contracts';
import { expect } from 'vitest';
import type { FakeUpstream } from '../server.ts';
import { parseSse, post } from './http-client.ts';

/** The chat requests the OpenAI and Azure tests send, and readers for their answers. */

export const question = { role: 'user', content: 'What is the capital of France?' };

export const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o-mini',
  messages: [question],
  ...extra,
});

export const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        units: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        detail: {
          type: 'object',
          properties: { hourly: { type: 'boolean' } },
          required: ['hourly'],
        },
      },
      required: ['city', 'units', 'days', 'detail'],
      additionalProperties: false,
    },
  },
};

export const timeTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};

export async function completion(
  upstream: FakeUpstream,
  extra: Record<string, unknown> = {},
  path = '/v1/chat/completions',
): Promise<ChatCompletionResponse> {
  const res = await post(upstream, path, chat(extra));
  expect(res.status, res.text).toBe(200);
  return res.json as ChatCompletionResponse;
}

/** The chunks of a streamed answer, checked to end with `data: [DONE]` (not included). */
export async function completionChunks(
  upstream: FakeUpstream,
  extra: Record<string, unknown>,
  path = '/v1/chat/completions',
): Promise<Array<ChatCompletionChunk & Record<string, unknown>>> {
  const res = await post(upstream, path, chat({ stream: true, ...extra }));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events = parseSse(res.text, '\n');
  expect(events.at(-1)?.data).toBe('[DONE]');
  return events
    .slice(0, -1)
    .map((e) => JSON.parse(e.data) as ChatCompletionChunk & Record<string, unknown>);
}
