import type { ChatCompletionChunk, ChunkChoice, FinishReason, Usage } from '@alfred/contracts';
import type { StreamContext } from './connector.ts';

/**
 * Writes `chat.completion.chunk` objects for the translators of non-OpenAI streams, in the
 * shape OpenAI emits: a role chunk, content deltas, tool-call deltas (head, then argument
 * fragments), a finish chunk, and a usage chunk with `choices: []`.
 */
export class ChunkWriter {
  #id: string;
  #model: string;
  readonly #created: number;

  constructor(context: StreamContext) {
    this.#id = context.id;
    this.#model = context.model;
    this.#created = context.created;
  }

  /** Adopts the provider's message id and model once its stream names them. */
  identify(id: string | undefined, model: string | undefined): void {
    if (id) this.#id = id;
    if (model) this.#model = model;
  }

  role(choice = 0): ChatCompletionChunk {
    return this.#chunk([
      {
        index: choice,
        delta: { role: 'assistant', content: '' },
        logprobs: null,
        finish_reason: null,
      },
    ]);
  }

  content(text: string, choice = 0): ChatCompletionChunk {
    return this.#chunk([
      { index: choice, delta: { content: text }, logprobs: null, finish_reason: null },
    ]);
  }

  /** First delta of a tool call: OpenAI names it here and sends arguments afterwards. */
  toolCallStart(toolIndex: number, id: string, name: string, choice = 0): ChatCompletionChunk {
    const call = {
      index: toolIndex,
      id,
      type: 'function' as const,
      function: { name, arguments: '' },
    };
    return this.#chunk([
      { index: choice, delta: { tool_calls: [call] }, logprobs: null, finish_reason: null },
    ]);
  }

  toolCallArguments(toolIndex: number, fragment: string, choice = 0): ChatCompletionChunk {
    const call = { index: toolIndex, function: { arguments: fragment } };
    return this.#chunk([
      { index: choice, delta: { tool_calls: [call] }, logprobs: null, finish_reason: null },
    ]);
  }

  finish(reason: FinishReason, choice = 0): ChatCompletionChunk {
    return this.#chunk([{ index: choice, delta: {}, logprobs: null, finish_reason: reason }]);
  }

  usage(usage: Usage): ChatCompletionChunk {
    return { ...this.#chunk([]), usage };
  }

  #chunk(choices: ChunkChoice[]): ChatCompletionChunk {
    return {
      id: this.#id,
      object: 'chat.completion.chunk',
      created: this.#created,
      model: this.#model,
      choices,
    };
  }
}
