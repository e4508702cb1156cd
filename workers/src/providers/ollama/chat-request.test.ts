import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '@alfred/contracts';
import { GatewayError } from '@alfred/contracts';
import { fixtureJson, targetFor, withModel } from '../test-support/fixtures.ts';
import type { ChatRequestBody } from '../test-support/fixtures.ts';
import { ollamaConnector } from './index.ts';

const chat = ollamaConnector.chat;
const target = targetFor('ollama', 'llama3.2', {}, {});
const body = (request: ChatRequestBody) =>
  JSON.parse(chat.buildRequest(withModel(request), target).body);

describe('Ollama request', () => {
  it('posts to /api/chat without auth, and says stream: false since Ollama streams by default', () => {
    const request = fixtureJson<ChatCompletionRequest>('ollama/chat.request.json');
    const http = chat.buildRequest({ ...request, stream: undefined }, target);
    expect(http.url).toBe('http://localhost:11434/api/chat');
    expect(http.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(http.body)).toEqual(request);
  });

  it('sends a bearer token when the provider has a key', () => {
    const keyed = targetFor('ollama', 'llama3.2', { baseUrl: 'https://ollama.example.com' });
    expect(
      chat.buildRequest({ model: 'a', messages: [{ role: 'user', content: 'x' }] }, keyed).headers
        .authorization,
    ).toBe('Bearer sk-test-key');
  });

  it('builds the streaming and tool requests as recorded', () => {
    expect(
      body({
        ...fixtureJson<ChatCompletionRequest>('ollama/chat-stream.request.json'),
        stream: true,
      }),
    ).toEqual({
      ...fixtureJson<object>('ollama/chat-stream.request.json'),
      stream: true,
    });
    expect(body(fixtureJson<ChatCompletionRequest>('ollama/tool-call.request.json'))).toEqual(
      fixtureJson('ollama/tool-call.request.json'),
    );
    expect(
      body(fixtureJson<ChatCompletionRequest>('ollama/tool-call-stream.request.json')),
    ).toEqual(fixtureJson('ollama/tool-call-stream.request.json'));
  });

  it('maps sampling into options and response_format into format', () => {
    const sent = body({
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0.3,
      top_p: 0.8,
      max_completion_tokens: 64,
      stop: 'END',
      seed: 1,
      presence_penalty: 0.5,
      frequency_penalty: 0.25,
      response_format: { type: 'json_object' },
    });
    expect(sent.options).toEqual({
      temperature: 0.3,
      top_p: 0.8,
      num_predict: 64,
      stop: ['END'],
      seed: 1,
      presence_penalty: 0.5,
      frequency_penalty: 0.25,
    });
    expect(sent.format).toBe('json');
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      body({
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_schema', json_schema: { name: 's', schema } },
      }).format,
    ).toEqual(schema);
  });

  it('replays tool calls with object arguments and names tool results', () => {
    const sent = body({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather?' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'unknown', content: 'orphan' },
        { role: 'function', name: 'legacy', content: null },
      ],
      tools: fixtureJson<ChatCompletionRequest>('ollama/tool-call.request.json').tools!,
      tool_choice: 'none',
    });
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?', images: ['/9j/'] },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }],
      },
      { role: 'tool', content: 'Sunny', tool_name: 'get_weather' },
      { role: 'tool', content: 'orphan' },
      { role: 'tool', content: '', tool_name: 'legacy' },
    ]);
    expect(sent).not.toHaveProperty('tools');
  });

  it('rejects what Ollama cannot take with a 400', () => {
    for (const content of [
      [{ type: 'image_url' as const, image_url: { url: 'https://example.com/a.png' } }],
      [{ type: 'input_audio' as const, input_audio: { data: 'x', format: 'wav' } }],
      [{ type: 'file' as const, file: { file_data: 'data:application/pdf;base64,JVBE' } }],
    ]) {
      expect(() => body({ messages: [{ role: 'user', content }] })).toThrow(GatewayError);
    }
    expect(() => body({ messages: [{ role: 'user', content: 'x' }], n: 3 })).toThrow(GatewayError);
  });
});
