import type { ChatCompletionResponse } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { replayedChunks } from './cached-answer-replay.ts';
import { streamedAnswer } from './streamed-answer.ts';

const answer: ChatCompletionResponse = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'A sentence long enough to be cut into several pieces by the replay.',
      },
      finish_reason: 'stop',
    },
    {
      index: 1,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'lookup', arguments: '{"city":"Paris","days":[1,2,3,4,5,6]}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
};

describe('streamedAnswer', () => {
  it('rebuilds the answer a stream delivered: content, tool calls, finish reasons and usage', () => {
    const chunks = replayedChunks(answer, { includeUsage: true, chunkChars: 8 });
    expect(chunks.length).toBeGreaterThan(6);
    const rebuilt = streamedAnswer(chunks)!;
    expect(rebuilt.choices).toEqual(answer.choices.map((c) => ({ ...c })));
    expect(rebuilt.usage).toEqual(answer.usage);
  });

  it('has nothing to rebuild from no chunks', () => {
    expect(streamedAnswer([])).toBeNull();
  });
});
