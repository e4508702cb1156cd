import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChatCompletionChunkSchema,
  ChatCompletionResponseSchema,
  type ChatCompletionResponse,
} from '@alfred/contracts';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayedChunks, replayedResponse, sseFrames, textPieces } from './cached-answer-replay.ts';
import { chatAnswer } from './test-support/cache-fixture.ts';

const story =
  'The quick brown fox jumps over the lazy dog, twice. Émile says “bonjour” 👋 and leaves.';

function toolAnswer(): ChatCompletionResponse {
  return chatAnswer('', {
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'weather', arguments: '{"city":"Paris","unit":"celsius"}' },
            },
            {
              id: 'call_b',
              type: 'function',
              function: { name: 'time', arguments: '{"zone":"Europe/Paris"}' },
            },
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
  });
}

/** Parses an SSE body as the OpenAI SDK does (eventsource framing, JSON per data line). */
function parseSse(body: string): { chunks: unknown[]; done: boolean } {
  const chunks: unknown[] = [];
  let done = false;
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') done = true;
      else chunks.push(JSON.parse(event.data));
    },
  });
  parser.feed(body);
  return { chunks, done };
}

describe('replayed cached answers', () => {
  it('stream as valid chunks under a fresh id, whose content adds up to the answer', () => {
    const answer = chatAnswer(story);
    const chunks = replayedChunks(answer, { includeUsage: true, chunkChars: 8 });
    for (const chunk of chunks) ChatCompletionChunkSchema.parse(chunk);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]!.id).not.toBe(answer.id);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(story);
    expect(chunks.length).toBeGreaterThan(6);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: answer.usage });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('leave the usage chunk out unless asked for', () => {
    const chunks = replayedChunks(chatAnswer(story));
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('stream tool calls as a head naming each call followed by argument fragments', () => {
    const chunks = replayedChunks(toolAnswer(), { chunkChars: 6 });
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toEqual({
      index: 0,
      id: 'call_a',
      type: 'function',
      function: { name: 'weather', arguments: '' },
    });
    const args = (index: number) =>
      calls
        .filter((c) => c.index === index)
        .map((c) => c.function?.arguments ?? '')
        .join('');
    expect(args(0)).toBe('{"city":"Paris","unit":"celsius"}');
    expect(args(1)).toBe('{"zone":"Europe/Paris"}');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('frame as SSE events that parse back to the chunks, ending with [DONE]', () => {
    const chunks = replayedChunks(chatAnswer(story), { includeUsage: true });
    const body = sseFrames(chunks);
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(parseSse(body)).toEqual({ chunks, done: true });
  });

  it('split text at spaces and never inside a surrogate pair', () => {
    expect(textPieces('aaaa bbbb cccc', 4)).toEqual(['aaaa ', 'bbbb ', 'cccc']);
    const emoji = '👋'.repeat(5);
    for (const piece of textPieces(emoji, 1)) expect(piece).toBe('👋');
    expect(textPieces('', 4)).toEqual([]);
  });

  it('come back unstreamed as the same answer under a fresh id', () => {
    const answer = chatAnswer(story);
    const copy = replayedResponse(answer);
    ChatCompletionResponseSchema.parse(copy);
    expect(copy.id).not.toBe(answer.id);
    expect(copy.id).not.toBe(replayedResponse(answer).id);
    expect({ ...copy, id: answer.id, created: answer.created }).toEqual(answer);
  });
});

describe('the official OpenAI SDK reading a replay', () => {
  let server: Server;
  let answer: ChatCompletionResponse;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(sseFrames(replayedChunks(answer, { includeUsage: true, chunkChars: 5 })));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const client = () =>
    new OpenAI({
      apiKey: 'sk-test',
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      maxRetries: 0,
    });
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

  it('assembles the cached text and usage', async () => {
    answer = chatAnswer(story);
    const stream = client().chat.completions.stream({
      ...request,
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(story);
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.usage).toEqual(answer.usage);
  });

  it('assembles the cached tool calls', async () => {
    answer = toolAnswer();
    const final = await client().chat.completions.stream(request).finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls).toEqual([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      },
      {
        id: 'call_b',
        type: 'function',
        function: { name: 'time', arguments: '{"zone":"Europe/Paris"}' },
      },
    ]);
  });
});
