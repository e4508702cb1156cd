import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '@alfred/contracts';
import {
  fixtureJson,
  recordedError,
  responseContext,
  targetFor,
} from '../test-support/fixtures.ts';
import { assemble, translateFixture } from '../test-support/streams.ts';
import { azureOpenAIConnector } from './index.ts';

const chat = azureOpenAIConnector.chat;
const target = targetFor('azure-openai', 'gpt-4o-prod');

describe('Azure OpenAI chat request', () => {
  it('addresses the deployment in the URL, authenticates with api-key and sends no model', () => {
    const request = fixtureJson<ChatCompletionRequest>('azure-openai/chat.request.json');
    const http = chat.buildRequest({ ...request, model: 'my-alias' }, target);
    expect(http.url).toBe(
      'https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21',
    );
    expect(http.headers['api-key']).toBe('sk-test-key');
    expect(http.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(http.body)).toEqual(request);
  });

  it('uses the configured api-version and asks for stream usage', () => {
    const request = fixtureJson<ChatCompletionRequest>(
      'azure-openai/chat-stream-async-filter.request.json',
    );
    const preview = targetFor('azure-openai', 'gpt-4o-prod', { apiVersion: '2025-04-01-preview' });
    const http = chat.buildRequest({ ...request, model: 'my-alias' }, preview);
    expect(http.url).toMatch(/\/chat\/completions\?api-version=2025-04-01-preview$/);
    expect(JSON.parse(http.body)).toEqual({ ...request, stream_options: { include_usage: true } });
  });
});

describe('Azure OpenAI chat response', () => {
  it('fills the object and model fields Azure leaves out', () => {
    const answer = chat.parseResponse(
      fixtureJson('azure-openai/chat.response.json'),
      responseContext,
    );
    expect(answer).toMatchObject({
      object: 'chat.completion',
      model: 'client-model',
      id: 'chatcmpl-7R1nGnsXO8n4oi9UPz2f3UHdgAYMn',
    });
    expect(answer.choices[0]?.message.content).toMatch(/^Ahoy matey!/);
    expect(answer.usage).toEqual({ prompt_tokens: 33, completion_tokens: 557, total_tokens: 590 });
  });

  it('keeps the content filter annotations', () => {
    const answer = chat.parseResponse(
      fixtureJson('azure-openai/chat-content-filter-annotations.response.json'),
      responseContext,
    );
    expect(answer.prompt_filter_results).toHaveLength(1);
    expect(answer.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('Azure OpenAI chat stream', () => {
  it('drops the empty-id annotation chunks and still finishes', () => {
    const stream = translateFixture(chat, 'azure-openai/chat-stream-async-filter.sse');
    expect(assemble(stream.chunks)).toMatchObject({ text: 'Color is a', finishReasons: ['stop'] });
    expect(
      stream.chunks.every((chunk) => chunk.id === 'chatcmpl-7rCNsVeZy0PGnX3H6jK8STps5nZUY'),
    ).toBe(true);
    expect(
      stream.chunks.every(
        (chunk) => chunk.model === 'gpt-35-turbo' && chunk.created === 1692913344,
      ),
    ).toBe(true);
    expect(stream.done).toBe(true);
  });

  it('delivers the content_filter finish that arrives on an annotation chunk', () => {
    const stream = translateFixture(chat, 'azure-openai/chat-stream-async-filter-blocked.sse');
    expect(assemble(stream.chunks)).toMatchObject({
      text: 'Hey Jude, better',
      finishReasons: ['content_filter'],
    });
    const last = stream.chunks.at(-1);
    expect(last).toMatchObject({
      id: 'chatcmpl-8JCbt5d4luUIhYCI7YH4dQK7hnHx2',
      object: 'chat.completion.chunk',
    });
    expect(last?.choices[0]?.delta).toEqual({});
    expect(stream.done).toBe(true);
  });
});

describe('Azure OpenAI errors', () => {
  const parse = (name: string) => {
    const { status, headers, bodyText } = recordedError('azure-openai', name);
    return azureOpenAIConnector.parseError(status, headers, bodyText);
  };

  it('keeps a prompt content-filter 400 with its code and param', () => {
    expect(parse('error-400-content-filter')).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      code: 'content_filter',
      param: 'prompt',
      message: expect.stringContaining('Azure Content management policy'),
    });
  });

  it('reads the 429 whose code is the string "429" as a rate limit, with the wait from its message', () => {
    expect(parse('error-429-rate-limit')).toEqual({
      status: 429,
      type: 'rate_limit_exceeded',
      code: 'rate_limit_exceeded',
      param: null,
      message: 'Rate limit is exceeded. Try again in 2 seconds.',
      retryAfterSeconds: 2,
    });
  });
});
