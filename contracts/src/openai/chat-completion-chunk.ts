import { z } from 'zod';
import { FinishReasonSchema, UsageSchema } from './chat-completion-response.ts';

export const ToolCallDeltaSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  id: z.string().optional(),
  type: z.literal('function').optional(),
  function: z
    .looseObject({ name: z.string().optional(), arguments: z.string().optional() })
    .optional(),
});
export type ToolCallDelta = z.infer<typeof ToolCallDeltaSchema>;

export const ChunkChoiceSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  delta: z.looseObject({
    role: z.literal('assistant').optional(),
    content: z.string().nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(ToolCallDeltaSchema).optional(),
  }),
  finish_reason: FinishReasonSchema.nullable(),
  logprobs: z.unknown().nullish(),
});
export type ChunkChoice = z.infer<typeof ChunkChoiceSchema>;

/** One `chat.completion.chunk` as OpenAI frames it in `data:` lines of the SSE stream. */
export const ChatCompletionChunkSchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(ChunkChoiceSchema),
  usage: UsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;
