import type {
  ChatCompletionChunk,
  ChatCompletionResponse,
  ChunkChoice,
  FinishReason as OpenAiFinishReason,
  ToolCall,
  Usage,
} from '@alfred/contracts';
import type { FinishReason, GeneratedChoice, Generation } from '../model/generation.ts';
import { interleavedPieces } from '../model/generation.ts';
import type { SeededRandom } from '../model/seeded-random.ts';
import { frame } from '../transport/reply.ts';
import type { StreamFrame } from '../transport/reply.ts';

/** Who the answer is: id, time and model name, shared by the body and every chunk. */
export interface ChatIdentity {
  id: string;
  created: number;
  model: string;
  /** Draws the tool call ids, in choice order. */
  ids: SeededRandom;
}

const finishReasons: Record<FinishReason, OpenAiFinishReason> = {
  end: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  tool_call: 'tool_calls',
};

const SYSTEM_FINGERPRINT = 'fp_fake_upstream';

export function chatUsage(generation: Generation): Usage {
  return {
    prompt_tokens: generation.promptTokens,
    completion_tokens: generation.completionTokens,
    total_tokens: generation.promptTokens + generation.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCallIds(generation: Generation, identity: ChatIdentity): Array<string | null> {
  return generation.choices.map((c) =>
    c.toolCall === null ? null : `call_${identity.ids.id(24)}`,
  );
}

function responseMessage(choice: GeneratedChoice, callId: string | null) {
  if (choice.toolCall === null || callId === null) {
    return { role: 'assistant' as const, content: choice.text, refusal: null, annotations: [] };
  }
  const call: ToolCall = {
    id: callId,
    type: 'function',
    function: { name: choice.toolCall.name, arguments: choice.toolCall.arguments },
  };
  return {
    role: 'assistant' as const,
    content: null,
    refusal: null,
    annotations: [],
    tool_calls: [call],
  };
}

export function chatCompletionBody(
  generation: Generation,
  identity: ChatIdentity,
): ChatCompletionResponse {
  const callIds = toolCallIds(generation, identity);
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: generation.choices.map((choice) => ({
      index: choice.index,
      message: responseMessage(choice, callIds[choice.index] ?? null),
      logprobs: null,
      finish_reason: finishReasons[choice.finishReason],
    })),
    usage: chatUsage(generation),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

const safe = { filtered: false, severity: 'safe' };

/** Azure opens every stream with this empty-id chunk: no delta, `choices: []`. */
const azurePromptFilterChunk = {
  id: '',
  object: '',
  created: 0,
  model: '',
  prompt_filter_results: [
    {
      prompt_index: 0,
      content_filter_results: { hate: safe, self_harm: safe, sexual: safe, violence: safe },
    },
  ],
  choices: [],
};

export interface ChatStreamOptions {
  includeUsage: boolean;
  azure: boolean;
}

/**
 * The `chat.completion.chunk` stream: per choice a role chunk, then one chunk per token
 * (choices interleaved), per choice a finish chunk, the usage chunk (`choices: []`) when
 * `stream_options.include_usage` is set, and `[DONE]`. With include_usage every other
 * chunk carries `"usage": null`, as OpenAI sends it.
 */
export function chatCompletionFrames(
  generation: Generation,
  identity: ChatIdentity,
  options: ChatStreamOptions,
): StreamFrame[] {
  const callIds = toolCallIds(generation, identity);
  const chunk = (choices: ChunkChoice[], usage: Usage | null = null): ChatCompletionChunk => ({
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices,
    ...(options.includeUsage ? { usage } : {}),
  });
  const frames: StreamFrame[] = [];
  if (options.azure) frames.push(frame(azurePromptFilterChunk, false));
  for (const choice of generation.choices) {
    const callId = callIds[choice.index] ?? null;
    const delta =
      choice.toolCall === null || callId === null
        ? { role: 'assistant' as const, content: '', refusal: null }
        : {
            role: 'assistant' as const,
            content: null,
            refusal: null,
            tool_calls: [
              {
                index: 0,
                id: callId,
                type: 'function' as const,
                function: { name: choice.toolCall.name, arguments: '' },
              },
            ],
          };
    frames.push(
      frame(chunk([{ index: choice.index, delta, logprobs: null, finish_reason: null }]), false),
    );
  }
  for (const [index, piece] of interleavedPieces(generation)) {
    const isToolCall = generation.choices[index]?.toolCall != null;
    const delta = isToolCall
      ? { tool_calls: [{ index: 0, function: { arguments: piece } }] }
      : { content: piece };
    frames.push(frame(chunk([{ index, delta, logprobs: null, finish_reason: null }]), true));
  }
  for (const choice of generation.choices) {
    const finish = finishReasons[choice.finishReason];
    frames.push(
      frame(
        chunk([{ index: choice.index, delta: {}, logprobs: null, finish_reason: finish }]),
        false,
      ),
    );
  }
  if (options.includeUsage) frames.push(frame(chunk([], chatUsage(generation)), false));
  frames.push(frame('[DONE]', false));
  return frames;
}
