import { ChatCompletionRequestSchema } from '@alfred/contracts';
import { worstCaseCost } from '../billing/worst-case-cost.ts';
import { proxiedOperationRoute } from './proxied-operation.ts';

export const chatCompletionsRoute = proxiedOperationRoute({
  route: '/v1/chat/completions',
  operation: 'chat.completions',
  schema: ChatCompletionRequestSchema,
  modelKind: 'chat',
  streams: (body) => body.stream === true,
  worstCase: (request, entry, price) =>
    worstCaseCost({ kind: 'chat', request, defaultMaxOutputTokens: entry.maxOutputTokens }, price),
});
