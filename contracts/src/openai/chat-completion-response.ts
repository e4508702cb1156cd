import { z } from 'zod';
import { ToolCallSchema } from './chat-completion-request.ts';

export const FinishReasonSchema = z.enum([
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
]);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  prompt_tokens_details: z
    .looseObject({ cached_tokens: z.number().int().nonnegative().optional() })
    .optional(),
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: z.number().int().nonnegative().optional() })
    .optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const AssistantResponseMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.string().nullable(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCallSchema).optional(),
});
export type AssistantResponseMessage = z.infer<typeof AssistantResponseMessageSchema>;

export const ChatCompletionChoiceSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  message: AssistantResponseMessageSchema,
  finish_reason: FinishReasonSchema.nullable(),
  logprobs: z.unknown().nullish(),
});
export type ChatCompletionChoice = z.infer<typeof ChatCompletionChoiceSchema>;

export const ChatCompletionResponseSchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(ChatCompletionChoiceSchema),
  usage: UsageSchema.optional(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});
export type ChatCompletionResponse = z.infer<typeof ChatCompletionResponseSchema>;
