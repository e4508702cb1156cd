import type { FinishReason, GeneratedChoice, Generation } from '../model/generation.ts';
import { frame } from '../transport/reply.ts';
import type { StreamFrame } from '../transport/reply.ts';

export interface MessageIdentity {
  id: string;
  model: string;
  toolUseId: string;
}

const stopReasons: Record<FinishReason, string> = {
  end: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_call: 'tool_use',
};

function usage(generation: Generation, outputTokens: number) {
  return {
    input_tokens: generation.promptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
  };
}

/** A cut-short tool input is not JSON; Anthropic still sends an object, so send `{}`. */
function toolInput(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return {};
  }
}

function onlyChoice(generation: Generation): GeneratedChoice {
  return generation.choices[0] as GeneratedChoice;
}

export function messageBody(generation: Generation, identity: MessageIdentity) {
  const choice = onlyChoice(generation);
  const content =
    choice.toolCall !== null
      ? [
          {
            type: 'tool_use',
            id: identity.toolUseId,
            name: choice.toolCall.name,
            input: toolInput(choice.toolCall.arguments),
          },
        ]
      : choice.text === ''
        ? []
        : [{ type: 'text', text: choice.text }];
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: stopReasons[choice.finishReason],
    stop_sequence: choice.stopSequence,
    usage: usage(generation, generation.completionTokens),
  };
}

/**
 * Anthropic's named events: message_start, content_block_start, ping, one
 * content_block_delta per token (text_delta, or input_json_delta after an empty first
 * one, as recorded), content_block_stop, message_delta with the cumulative usage, and
 * message_stop. The `type` in each payload repeats the event name.
 */
export function messageFrames(generation: Generation, identity: MessageIdentity): StreamFrame[] {
  const choice = onlyChoice(generation);
  const event = (type: string, payload: Record<string, unknown>, isToken = false) =>
    frame({ type, ...payload }, isToken, type);
  const frames: StreamFrame[] = [
    event('message_start', {
      message: {
        id: identity.id,
        type: 'message',
        role: 'assistant',
        model: identity.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usage(generation, 1),
      },
    }),
  ];
  const call = choice.toolCall;
  const block =
    call === null
      ? { type: 'text', text: '' }
      : { type: 'tool_use', id: identity.toolUseId, name: call.name, input: {} };
  frames.push(event('content_block_start', { index: 0, content_block: block }));
  frames.push(event('ping', {}));
  if (call === null) {
    for (const text of choice.pieces) {
      frames.push(
        event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }, true),
      );
    }
  } else {
    frames.push(
      event('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '' },
      }),
    );
    for (const partial of call.pieces) {
      frames.push(
        event(
          'content_block_delta',
          { index: 0, delta: { type: 'input_json_delta', partial_json: partial } },
          true,
        ),
      );
    }
  }
  frames.push(event('content_block_stop', { index: 0 }));
  frames.push(
    event('message_delta', {
      delta: { stop_reason: stopReasons[choice.finishReason], stop_sequence: choice.stopSequence },
      usage: usage(generation, generation.completionTokens),
    }),
  );
  frames.push(event('message_stop', {}));
  return frames;
}
