import { describe, expect, it } from 'vitest';
import { GatewayError } from '@alfred/contracts';
import { UpstreamStreamError } from '../connector.ts';
import { fixtureJson, responseContext } from '../test-support/fixtures.ts';
import { assemble, streamContext, translateFixture } from '../test-support/streams.ts';
import { thoughtSignatureOf } from './function-call-ids.ts';
import { geminiConnector } from './index.ts';

const chat = geminiConnector.chat;

describe('Gemini response', () => {
  it('translates text, finish reason and usage with thinking counted as reasoning', () => {
    expect(
      chat.parseResponse(fixtureJson('gemini/generate-content.response.json'), responseContext),
    ).toEqual({
      id: 'xlWYafXAOKSf1e8PpcODiAg',
      object: 'chat.completion',
      created: responseContext.created,
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Paris', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 11,
        completion_tokens: 35,
        total_tokens: 46,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 34 },
      },
    });
  });

  it('gives the id-less function call an id that carries its thought signature', () => {
    const body = fixtureJson<{
      candidates: Array<{ content: { parts: Array<{ thoughtSignature: string }> } }>;
    }>('gemini/function-call.response.json');
    const answer = chat.parseResponse(body, responseContext);
    const choice = answer.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call.id).toMatch(/^call_0__sig__[A-Za-z0-9_-]+$/);
    expect(thoughtSignatureOf(call.id)).toBe(
      body.candidates[0]!.content.parts[0]!.thoughtSignature,
    );
    expect(call.function).toEqual({ name: 'sum', arguments: '{"a":1,"b":2}' });
    expect(answer.usage).toMatchObject({
      prompt_tokens: 155,
      completion_tokens: 68,
      total_tokens: 223,
    });
  });

  it('reads the final answer after a function response', () => {
    const answer = chat.parseResponse(
      fixtureJson('gemini/function-response.response.json'),
      responseContext,
    );
    expect(answer.choices[0]?.message.content).toBe('3');
    expect(answer.usage).toMatchObject({
      prompt_tokens: 186,
      completion_tokens: 1,
      total_tokens: 187,
    });
  });

  it('reports cached content tokens as cached prompt tokens', () => {
    const answer = chat.parseResponse(
      fixtureJson('gemini/cached-content.response.json'),
      responseContext,
    );
    expect(answer.usage).toEqual({
      prompt_tokens: 323388,
      completion_tokens: 397,
      total_tokens: 323785,
      prompt_tokens_details: { cached_tokens: 323383 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(answer.model).toBe('client-model');
  });

  it('maps safety stops and blocked prompts to content_filter', () => {
    const safety = { candidates: [{ content: { parts: [] }, finishReason: 'SAFETY' }] };
    expect(chat.parseResponse(safety, responseContext).choices[0]?.finish_reason).toBe(
      'content_filter',
    );
    const blocked = {
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 5 },
    };
    expect(chat.parseResponse(blocked, responseContext).choices[0]).toMatchObject({
      finish_reason: 'content_filter',
    });
    expect(
      chat.parseResponse({ candidates: [{ finishReason: 'MAX_TOKENS' }] }, responseContext)
        .choices[0]?.finish_reason,
    ).toBe('length');
  });

  it('rejects an answer with neither candidates nor a block reason', () => {
    expect(() => chat.parseResponse({ usageMetadata: {} }, responseContext)).toThrow(GatewayError);
    expect(() => chat.parseResponse('nope', responseContext)).toThrow(GatewayError);
  });
});

describe('Gemini stream', () => {
  it('streams text, ends on the finishReason (there is no [DONE]) and reports cumulative usage', () => {
    const stream = translateFixture(chat, 'gemini/stream-generate-content.sse', true);
    const answer = assemble(stream.chunks);
    expect(stream.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(answer.text).toMatch(
      /^I can help you with that! However, I don't have access to real-time information/,
    );
    expect(answer.text).toMatch(/I can look up the current weather for you!$/);
    expect(answer.finishReasons).toEqual(['stop']);
    expect(answer.usage).toMatchObject({
      prompt_tokens: 29,
      completion_tokens: 314,
      total_tokens: 343,
    });
    expect(stream.done).toBe(true);
  });

  it('keeps thought parts out of the answer text but bills their tokens', () => {
    const stream = translateFixture(chat, 'gemini/stream-generate-content-thinking.sse');
    const answer = assemble(stream.chunks);
    expect(answer.text).toMatch(/^To find the sum of the first 50 prime numbers/);
    expect(answer.text).toMatch(/The sum of the first 50 prime numbers is 5117\.$/);
    expect(answer.text).not.toContain('Calculating Prime Sum');
    expect(answer.usage).toBeUndefined();
    expect(stream.usage).toEqual({
      prompt_tokens: 51,
      completion_tokens: 1979,
      total_tokens: 2030,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 1234 },
    });
  });

  it('turns whole function calls into tool-call deltas with generated ids', () => {
    const stream = translateFixture(chat, 'gemini/function-call-stream.sse', true);
    const answer = assemble(stream.chunks);
    expect(answer.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['sum', { a: 2, b: 3 }],
      ['sum', { a: 4, b: 5 }],
      ['sum', { a: 6, b: 7 }],
    ]);
    expect(answer.toolCalls[0]?.id).toMatch(/^call_0__sig__/);
    expect(answer.toolCalls.slice(1).map((call) => call.id)).toEqual(['call_1', 'call_2']);
    expect(answer.finishReasons).toEqual(['tool_calls']);
    expect(answer.usage).toMatchObject({
      prompt_tokens: 171,
      completion_tokens: 131,
      total_tokens: 302,
    });
  });

  it('finishes a stream whose prompt was blocked', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    const chunks = translator.push({ data: '{"promptFeedback":{"blockReason":"SAFETY"}}' });
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([
      null,
      'content_filter',
    ]);
    expect(translator.done).toBe(true);
  });

  it('throws UpstreamStreamError when an error object arrives in the stream', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    translator.push({ data: '{"candidates":[{"content":{"parts":[{"text":"Hi"}]},"index":0}]}' });
    expect(translator.done).toBe(false);
    const error =
      '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}';
    expect(() => translator.push({ data: error })).toThrow(
      expect.objectContaining({
        name: 'UpstreamStreamError',
        info: expect.objectContaining({ status: 503 }),
      }),
    );
    expect(() => translator.push({ data: '{"error":"odd"}' })).toThrow(UpstreamStreamError);
  });
});
