import { describe, expect, it } from 'vitest';
import { GatewayError } from '@alfred/contracts';
import { UpstreamStreamError } from '../connector.ts';
import { fixtureJson, fixtureText, responseContext } from '../test-support/fixtures.ts';
import {
  assemble,
  ndjsonEvents,
  streamContext,
  translateFixture,
} from '../test-support/streams.ts';
import { ollamaConnector } from './index.ts';

const chat = ollamaConnector.chat;

describe('Ollama response', () => {
  it('translates the final object with eval counts as usage', () => {
    expect(chat.parseResponse(fixtureJson('ollama/chat.response.json'), responseContext)).toEqual({
      id: 'chatcmpl-gateway',
      object: 'chat.completion',
      created: responseContext.created,
      model: 'llama3.2',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! How are you today?', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 26, completion_tokens: 298, total_tokens: 324 },
    });
  });

  it('stringifies object arguments and gives id-less calls ids', () => {
    const choice = chat.parseResponse(
      fixtureJson('ollama/tool-call.response.json'),
      responseContext,
    ).choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'call_0',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      },
    ]);
  });

  it('reports a length stop and rejects a body without message', () => {
    const cut = {
      model: 'm',
      message: { role: 'assistant', content: 'abc' },
      done: true,
      done_reason: 'length',
    };
    expect(chat.parseResponse(cut, responseContext).choices[0]?.finish_reason).toBe('length');
    expect(() => chat.parseResponse({ done: true }, responseContext)).toThrow(GatewayError);
  });
});

describe('Ollama stream', () => {
  it('reads NDJSON lines, finishes on done: true and reports its counts', () => {
    const stream = translateFixture(chat, 'ollama/chat-stream.ndjson', true);
    expect(chat.streamFraming).toBe('ndjson');
    const answer = assemble(stream.chunks);
    expect(stream.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(answer).toMatchObject({ text: 'The', finishReasons: ['stop'] });
    expect(answer.usage).toEqual({ prompt_tokens: 26, completion_tokens: 282, total_tokens: 308 });
    expect(stream.done).toBe(true);
  });

  it('turns a whole tool call into head and arguments deltas', () => {
    const stream = translateFixture(chat, 'ollama/tool-call-stream.ndjson');
    const answer = assemble(stream.chunks);
    expect(answer.toolCalls).toEqual([
      { id: 'call_0', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ]);
    expect(answer.finishReasons).toEqual(['tool_calls']);
    expect(answer.usage).toBeUndefined();
    expect(stream.usage).toEqual({ prompt_tokens: 169, completion_tokens: 15, total_tokens: 184 });
  });

  it('throws UpstreamStreamError for the error line of a stream that began with 200', () => {
    const translator = chat.createStreamTranslator(streamContext(false));
    const lines = ndjsonEvents(fixtureText('ollama/error-midstream.ndjson'));
    for (const line of lines.slice(0, -1)) translator.push(line);
    let thrown: unknown;
    try {
      translator.push(lines.at(-1)!);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UpstreamStreamError);
    expect((thrown as UpstreamStreamError).info).toMatchObject({
      status: 502,
      type: 'upstream_error',
      message: expect.stringContaining('an error was encountered while running the model'),
    });
    expect(translator.done).toBe(false);
  });
});

describe('Ollama errors', () => {
  it('reads {"error": "..."} bodies', () => {
    expect(
      ollamaConnector.parseError(500, {}, fixtureText('ollama/error.response.json')),
    ).toMatchObject({
      status: 502,
      type: 'upstream_error',
      message: expect.stringContaining('the model failed to generate a response'),
    });
    expect(
      ollamaConnector.parseError(404, {}, '{"error":"model \'llama9\' not found"}'),
    ).toMatchObject({
      status: 404,
      type: 'invalid_request_error',
      message: "model 'llama9' not found",
    });
  });
});
