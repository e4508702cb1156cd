import { ChatCompletionRequestSchema } from '@alfred/contracts';
import { proxiedOperationRoute } from './proxied-operation.ts';

export const chatCompletionsRoute = proxiedOperationRoute({
  route: '/v1/chat/completions',
  operation: 'chat.completions',
  schema: ChatCompletionRequestSchema,
  modelKind: 'chat',
  streams: (body) => body.stream === true,
});
