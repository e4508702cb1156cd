import { describe, expect, it } from 'vitest';
import { GatewayError } from '@alfred/contracts';
import { UpstreamStreamError } from '../connector.ts';
import { fixtureJson, fixtureText, responseContext } from '../test-support/fixtures.ts';
import { assemble, sseEvents, streamContext, translateFixture } from '../test-support/streams.ts';
import { anthropicConnector } from './index.ts';

const chat = anthropicConnector.chat;

describe('Anthropic response', () => {
  it('translates a text message with its id, model, finish reason and usage', () => {
    expect(
      chat.parseResponse(fixtureJson('anthropic/messages.response.json'), responseContext),
    ).toEqual({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      object: 'chat.completion',
      created: responseContext.created,
      model: 'claude-sonnet-4-20250514',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi! My name is Claude.', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 2095,
        completion_tokens: 503,
        total_tokens: 2598,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
  });

  it('translates tool_use blocks into tool_calls with JSON-string arguments', () => {
    const answer = chat.parseResponse(
      fixtureJson('anthropic/tool-use.response.json'),
      responseContext,
    );
    const choice = answer.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({
      id: 'toolu_016xm9m1i3NcGW5xFMMZJTqY',
      type: 'function',
      function: { name: 'get_weather' },
    });
    expect(JSON.parse(call.function.arguments)).toEqual({
      location: 'San Francisco, CA',
      units: 'f',
    });
    expect(answer.usage).toMatchObject({
      prompt_tokens: 656,
      completion_tokens: 74,
      total_tokens: 730,
    });
  });

  it('answers the tool result with text', () => {
    const answer = chat.parseResponse(
      fixtureJson('anthropic/tool-result.response.json'),
      responseContext,
    );
    expect(answer.choices[0]?.message.content).toBe(
      'The weather in San Francisco, CA is currently **68°F and Sunny**. Great day out there!',
    );
  });

  it('counts cache writes and reads as prompt tokens, reads as cached tokens', () => {
    const usage = (name: string) =>
      chat.parseResponse(fixtureJson(`anthropic/${name}.response.json`), responseContext).usage;
    expect(usage('prompt-caching-write')).toEqual({
      prompt_tokens: 188107,
      completion_tokens: 393,
      total_tokens: 188500,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(usage('prompt-caching-read')).toEqual({
      prompt_tokens: 188107,
      completion_tokens: 393,
      total_tokens: 188500,
      prompt_tokens_details: { cached_tokens: 188086 },
    });
    expect(usage('prompt-caching-ttl')).toMatchObject({
      prompt_tokens: 4096,
      completion_tokens: 503,
      total_tokens: 4599,
    });
  });

  it('maps stop reasons to OpenAI finish reasons', () => {
    const finish = (stop_reason: string) =>
      chat.parseResponse({ content: [{ type: 'text', text: 'x' }], stop_reason }, responseContext)
        .choices[0]?.finish_reason;
    expect(finish('max_tokens')).toBe('length');
    expect(finish('stop_sequence')).toBe('stop');
    expect(finish('refusal')).toBe('content_filter');
    expect(finish('something_new')).toBe('stop');
  });

  it('rejects a body without content blocks', () => {
    expect(() => chat.parseResponse({ type: 'message' }, responseContext)).toThrow(GatewayError);
  });
});

describe('Anthropic stream', () => {
  it('opens with the role chunk, streams text, finishes and reports usage', () => {
    const stream = translateFixture(chat, 'anthropic/messages-stream.sse', true);
    const [first] = stream.chunks;
    expect(first).toMatchObject({
      id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      model: 'claude-opus-4-1-20250805',
    });
    expect(first?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    const answer = assemble(stream.chunks);
    expect(answer).toMatchObject({ text: 'Hello!', finishReasons: ['stop'] });
    expect(stream.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 },
    });
    expect(stream.done).toBe(true);
  });

  it('sends no usage chunk unless asked, but still reports usage for billing', () => {
    const stream = translateFixture(chat, 'anthropic/messages-stream-recorded.sse', false);
    expect(JSON.parse(assemble(stream.chunks).text)).toEqual([12345, 67890]);
    expect(stream.chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(stream.usage).toEqual({
      prompt_tokens: 135,
      completion_tokens: 10,
      total_tokens: 145,
      prompt_tokens_details: { cached_tokens: 0 },
    });
  });

  it('streams text then a tool call whose arguments assemble to JSON', () => {
    const stream = translateFixture(chat, 'anthropic/tool-use-stream.sse');
    const answer = assemble(stream.chunks);
    expect(answer.text).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(answer.toolCalls).toHaveLength(1);
    expect(answer.toolCalls[0]).toMatchObject({
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      name: 'get_weather',
    });
    expect(JSON.parse(answer.toolCalls[0]!.arguments)).toEqual({
      location: 'San Francisco, CA',
      unit: 'fahrenheit',
    });
    expect(answer.finishReasons).toEqual(['tool_calls']);
    expect(stream.usage).toMatchObject({ prompt_tokens: 472, completion_tokens: 89 });
  });

  it('numbers tool calls from 0 even when a text block came first', () => {
    const stream = translateFixture(chat, 'anthropic/tool-use-stream.sse');
    const heads = stream.chunks
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .filter((call) => call.id);
    expect(heads).toEqual([
      {
        index: 0,
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      },
    ]);
  });

  it('reads a recorded tool stream with padded JSON', () => {
    const stream = translateFixture(chat, 'anthropic/tool-use-stream-recorded.sse', true);
    const answer = assemble(stream.chunks);
    expect(JSON.parse(answer.toolCalls[0]!.arguments)).toEqual({
      location: 'San Francisco, CA',
      units: 'f',
    });
    expect(answer.usage).toMatchObject({
      prompt_tokens: 656,
      completion_tokens: 74,
      total_tokens: 730,
    });
  });

  it('throws UpstreamStreamError on an error event after the stream started', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    const [start, blockStart, ping, error] = sseEvents(
      fixtureText('anthropic/messages-stream-error-midway.sse'),
    );
    expect(translator.push(start!)).toHaveLength(1);
    expect(translator.push(blockStart!)).toEqual([]);
    expect(translator.push(ping!)).toEqual([]);
    let thrown: unknown;
    try {
      translator.push(error!);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(UpstreamStreamError);
    expect((thrown as UpstreamStreamError).info).toMatchObject({
      status: 503,
      type: 'upstream_error',
      code: 'upstream_overloaded',
    });
    expect(translator.done).toBe(false);
  });

  it('finishes with "stop" if message_stop arrives without a stop reason', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    translator.push({
      event: 'message_start',
      data: '{"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":1}}}',
    });
    const end = translator.push({ event: 'message_stop', data: '{"type":"message_stop"}' });
    expect(end.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual(['stop']);
    expect(translator.done).toBe(true);
  });
});
