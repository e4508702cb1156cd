import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '@alfred/contracts';
import { GatewayError } from '@alfred/contracts';
import { chunkWireText } from '../chunk-wire-text.ts';
import { UpstreamStreamError } from '../connector.ts';
import { fixtureJson, responseContext, targetFor } from '../test-support/fixtures.ts';
import { assemble, streamContext, translateFixture } from '../test-support/streams.ts';
import { openAIConnector } from './index.ts';

const chat = openAIConnector.chat;
const target = targetFor('openai', 'gpt-5.4');

describe('OpenAI chat request', () => {
  it('posts the client request to /chat/completions with the deployment model and a bearer key', () => {
    const request = fixtureJson<ChatCompletionRequest>('openai/chat.request.json');
    const http = chat.buildRequest({ ...request, model: 'my-alias' }, target);
    expect(http.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(http.headers).toMatchObject({
      authorization: 'Bearer sk-test-key',
      'content-type': 'application/json',
    });
    expect(JSON.parse(http.body)).toEqual(request);
  });

  it('always asks the upstream for the usage chunk of a stream, keeping other stream options', () => {
    const request = fixtureJson<ChatCompletionRequest>('openai/chat-stream.request.json');
    const plain = JSON.parse(
      chat.buildRequest(request, targetFor('openai', 'gpt-4o-2024-08-06')).body,
    );
    expect(plain).toEqual({ ...request, stream_options: { include_usage: true } });

    const withOptions = {
      ...request,
      stream_options: { include_usage: false, include_obfuscation: false },
    };
    expect(JSON.parse(chat.buildRequest(withOptions, target).body).stream_options).toEqual({
      include_usage: true,
      include_obfuscation: false,
    });
  });

  it('sends no Authorization header to a keyless server and adds the configured headers', () => {
    const local = targetFor(
      'openai',
      'llama3',
      { baseUrl: 'http://vllm:8000/v1/', headers: { 'x-team': 'a' } },
      {},
    );
    const http = chat.buildRequest(
      fixtureJson<ChatCompletionRequest>('openai/chat.request.json'),
      local,
    );
    expect(http.url).toBe('http://vllm:8000/v1/chat/completions');
    expect(http.headers).not.toHaveProperty('authorization');
    expect(http.headers['x-team']).toBe('a');
  });
});

describe('OpenAI chat response', () => {
  it('passes an OpenAI answer through unchanged', () => {
    const body = fixtureJson('openai/chat.response.json');
    expect(chat.parseResponse(body, responseContext)).toEqual(body);
  });

  it('keeps tool calls and cached-token usage', () => {
    const tool = chat.parseResponse(fixtureJson('openai/tool-call.response.json'), responseContext);
    expect(tool.choices[0]?.finish_reason).toBe('tool_calls');
    expect(JSON.parse(tool.choices[0]?.message.tool_calls?.[0]?.function.arguments ?? '')).toEqual({
      location: 'Boston, MA',
    });
    const cached = chat.parseResponse(
      fixtureJson('openai/prompt-caching.response.json'),
      responseContext,
    );
    expect(cached.usage?.prompt_tokens_details?.cached_tokens).toBe(1920);
  });

  it("repairs Mistral's answer: tool_calls null is dropped, cached tokens kept", () => {
    const answer = chat.parseResponse(fixtureJson('mistral/chat.response.json'), responseContext);
    expect(answer.choices[0]?.message).not.toHaveProperty('tool_calls');
    expect(answer.choices[0]?.message.content).toMatch(/^The distance between/);
    expect(answer.usage).toEqual({ prompt_tokens: 11, completion_tokens: 268, total_tokens: 279 });
    const cached = chat.parseResponse(
      fixtureJson('mistral/prompt-caching.response.json'),
      responseContext,
    );
    expect(cached.usage?.prompt_tokens_details?.cached_tokens).toBe(1008);
  });

  it('rejects a body without choices as a malformed upstream answer', () => {
    expect(() => chat.parseResponse({ id: 'x' }, responseContext)).toThrow(GatewayError);
  });
});

describe('OpenAI chat stream', () => {
  const text =
    "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, " +
    'I recommend checking a reliable weather website or a weather app.';

  it('passes content chunks through and drops the usage chunk the client did not ask for', () => {
    const stream = translateFixture(chat, 'openai/chat-stream.sse', false);
    const answer = assemble(stream.chunks);
    expect(stream.chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    expect(answer.text).toBe(text);
    expect(answer.finishReasons).toEqual(['stop']);
    expect(answer.usage).toBeUndefined();
    expect(stream.chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(stream.done).toBe(true);
    expect(stream.usage).toMatchObject({
      prompt_tokens: 14,
      completion_tokens: 30,
      total_tokens: 44,
    });
  });

  it('sends the usage chunk last when the client asked for it', () => {
    const stream = translateFixture(chat, 'openai/chat-stream.sse', true);
    const last = stream.chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({
      prompt_tokens: 14,
      completion_tokens: 30,
      total_tokens: 44,
    });
  });

  it('assembles streamed tool-call arguments', () => {
    const answer = assemble(translateFixture(chat, 'openai/tool-call-stream.sse').chunks);
    expect(answer.toolCalls).toEqual([
      {
        id: 'call_4XzlGBLtUe9dy3GVNV4jhq7h',
        name: 'get_weather',
        arguments: '{"city":"New York City"}',
      },
    ]);
    expect(answer.finishReasons).toEqual(['tool_calls']);
  });

  it('assembles parallel tool calls by index', () => {
    const answer = assemble(translateFixture(chat, 'openai/tool-call-stream-parallel.sse').chunks);
    expect(answer.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['GetWeatherArgs', { city: 'Edinburgh', country: 'GB', units: 'c' }],
      ['get_stock_price', { ticker: 'AAPL', exchange: 'NASDAQ' }],
    ]);
  });

  it("moves Mistral's usage off the final content chunk into its own usage chunk", () => {
    const hidden = translateFixture(chat, 'mistral/chat-stream.sse', false);
    expect(assemble(hidden.chunks).text).toBe('384400');
    expect(hidden.chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(hidden.usage).toEqual({ prompt_tokens: 19, completion_tokens: 7, total_tokens: 26 });

    const shown = translateFixture(chat, 'mistral/chat-stream.sse', true);
    expect(shown.chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(shown.chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 26 } });
  });

  it('sends an unchanged chunk as the provider wrote it, less the usage: null it was asked for', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    const written =
      '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1727346168,' +
      '"model":"gpt-4o","system_fingerprint":"fp_1","choices":[{"index":0,"delta":' +
      '{"content":"\\",\\"usage\\":null} and \\u00e9"},"logprobs":null,"finish_reason":null}],"usage":null}';
    const [chunk, ...rest] = translator.push({ data: written });
    expect(rest).toEqual([]);
    expect(chunkWireText(chunk!)).toBe(written.slice(0, -',"usage":null}'.length) + '}');
    expect(chunk).not.toHaveProperty('usage');
    expect(chunk?.choices[0]?.delta.content).toBe('","usage":null} and é');
  });

  it('serializes afresh a chunk it had to repair, or whose text would break SSE framing', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    const first = translator.push({
      data: '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":5,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"a"}}]}',
    });
    // Azure's annotation chunk: no id or model of its own.
    const annotation = translator.push({
      data: '{"id":"","object":"","created":0,"model":"","choices":[{"index":0,"delta":{"content":"b"}}]}',
    });
    const multiLine = translator.push({
      data: '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":5,"model":"gpt-4o",\n"choices":[{"index":0,"delta":{"content":"c"}}]}',
    });
    expect(JSON.parse(chunkWireText(first[0]!))).toMatchObject({ id: 'chatcmpl-1' });
    expect(JSON.parse(chunkWireText(annotation[0]!))).toMatchObject({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      model: 'gpt-4o',
      created: 5,
    });
    expect(chunkWireText(multiLine[0]!)).not.toContain('\n');
  });

  it('throws UpstreamStreamError for an error object inside the stream', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    const error = captureError(() =>
      translator.push({
        data: '{"error":{"message":"The server had an error","type":"server_error"}}',
      }),
    );
    expect(error).toBeInstanceOf(UpstreamStreamError);
    expect((error as UpstreamStreamError).info).toMatchObject({
      status: 502,
      type: 'upstream_error',
    });
    expect((error as UpstreamStreamError).message).toContain('The server had an error');
  });

  it('throws UpstreamStreamError for an event that is not JSON', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    expect(() => translator.push({ data: '<html>oops' })).toThrow(UpstreamStreamError);
    expect(translator.done).toBe(false);
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
