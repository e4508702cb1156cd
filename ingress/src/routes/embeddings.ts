import { EmbeddingsRequestSchema } from '@alfred/contracts';
import { proxiedOperationRoute } from './proxied-operation.ts';

export const embeddingsRoute = proxiedOperationRoute({
  route: '/v1/embeddings',
  operation: 'embeddings',
  schema: EmbeddingsRequestSchema,
  modelKind: 'embeddings',
  streams: () => false,
});
