import { isDeepStrictEqual } from 'node:util';
import { ChatCompletionChunkSchema } from '@alfred/contracts';
import type { ChatCompletionChunk, FinishReason, Usage } from '@alfred/contracts';
import { createParser } from 'eventsource-parser';
import { chunkWireText } from '../chunk-wire-text.ts';
import type { ChatCompletionsConnector, StreamContext, StreamEvent } from '../connector.ts';
import { fixtureText } from './fixtures.ts';

/** SSE fixture → events, with the parser the worker runtime uses (CRLF, padding and all). */
export function sseEvents(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (event) =>
      events.push(event.event ? { event: event.event, data: event.data } : { data: event.data }),
  });
  parser.feed(text);
  return events;
}

export function ndjsonEvents(text: string): StreamEvent[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((data) => ({ data }));
}

export const streamContext = (includeUsage: boolean): StreamContext => ({
  id: 'chatcmpl-gateway',
  created: 1_700_000_000,
  model: 'client-model',
  includeUsage,
});

export interface TranslatedStream {
  chunks: ChatCompletionChunk[];
  done: boolean;
  usage: Usage | undefined;
}

/**
 * Feeds a recorded stream through a connector's translator; every chunk must satisfy
 * OpenAI's schema, and the text it goes to the client as must be that very chunk.
 */
export function translateFixture(
  chat: ChatCompletionsConnector,
  path: string,
  includeUsage = false,
): TranslatedStream {
  const text = fixtureText(path);
  const events = chat.streamFraming === 'sse' ? sseEvents(text) : ndjsonEvents(text);
  const translator = chat.createStreamTranslator(streamContext(includeUsage));
  const chunks = events.flatMap((event) => translator.push(event));
  for (const chunk of chunks) {
    ChatCompletionChunkSchema.parse(chunk);
    const sent: unknown = JSON.parse(chunkWireText(chunk));
    if (!isDeepStrictEqual(sent, JSON.parse(JSON.stringify(chunk)))) {
      throw new Error(`chunk sent as ${chunkWireText(chunk)} but is ${JSON.stringify(chunk)}`);
    }
  }
  return { chunks, done: translator.done, usage: translator.usage() };
}

export interface AssembledToolCall {
  id: string | undefined;
  name: string | undefined;
  arguments: string;
}

export interface AssembledAnswer {
  text: string;
  toolCalls: AssembledToolCall[];
  finishReasons: FinishReason[];
  /** The usage chunk (`choices: []`) if one was sent. */
  usage: Usage | undefined;
}

/** What an OpenAI client accumulates from the chunks of choice 0. */
export function assemble(chunks: ChatCompletionChunk[]): AssembledAnswer {
  const answer: AssembledAnswer = { text: '', toolCalls: [], finishReasons: [], usage: undefined };
  for (const chunk of chunks) {
    if (chunk.usage) answer.usage = chunk.usage;
    for (const choice of chunk.choices.filter((c) => c.index === 0)) {
      answer.text += choice.delta.content ?? '';
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = (answer.toolCalls[delta.index] ??= {
          id: undefined,
          name: undefined,
          arguments: '',
        });
        call.id ??= delta.id;
        call.name ??= delta.function?.name;
        call.arguments += delta.function?.arguments ?? '';
      }
      if (choice.finish_reason) answer.finishReasons.push(choice.finish_reason);
    }
  }
  return answer;
}
