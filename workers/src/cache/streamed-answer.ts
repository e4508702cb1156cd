import type {
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionResponse,
  ToolCall,
} from '@alfred/contracts';

/**
 * The answer a stream delivered, as the non-streamed response it amounts to: per choice the
 * content and refusal concatenated, tool calls joined from their fragments, the finish
 * reason, and the usage chunk. This is what the cache keeps of a streamed answer.
 */
export function streamedAnswer(
  chunks: readonly ChatCompletionChunk[],
): ChatCompletionResponse | null {
  const first = chunks[0];
  if (!first) return null;
  const choices = new Map<number, ChatCompletionChoice>();
  const toolCalls = new Map<number, Map<number, ToolCall>>();
  let usage: ChatCompletionResponse['usage'];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const part of chunk.choices) {
      let choice = choices.get(part.index);
      if (!choice) {
        choice = {
          index: part.index,
          message: { role: 'assistant', content: null },
          finish_reason: null,
        };
        choices.set(part.index, choice);
      }
      const { delta } = part;
      if (delta.content) choice.message.content = (choice.message.content ?? '') + delta.content;
      if (delta.refusal) choice.message.refusal = (choice.message.refusal ?? '') + delta.refusal;
      if (part.finish_reason) choice.finish_reason = part.finish_reason;
      for (const fragment of delta.tool_calls ?? []) {
        let calls = toolCalls.get(part.index);
        if (!calls) toolCalls.set(part.index, (calls = new Map()));
        const call = calls.get(fragment.index) ?? {
          id: '',
          type: 'function' as const,
          function: { name: '', arguments: '' },
        };
        if (fragment.id) call.id = fragment.id;
        if (fragment.function?.name) call.function.name += fragment.function.name;
        if (fragment.function?.arguments) call.function.arguments += fragment.function.arguments;
        calls.set(fragment.index, call);
      }
    }
  }
  for (const [index, calls] of toolCalls) {
    const choice = choices.get(index);
    if (choice)
      choice.message.tool_calls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
  }
  return {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    choices: [...choices.values()].sort((a, b) => a.index - b.index),
    ...(usage ? { usage } : {}),
    ...(first.system_fingerprint ? { system_fingerprint: first.system_fingerprint } : {}),
  };
}
