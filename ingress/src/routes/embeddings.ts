import { EmbeddingsRequestSchema } from '@alfred/contracts';
import { worstCaseCost } from '../billing/worst-case-cost.ts';
import { proxiedOperationRoute } from './proxied-operation.ts';

export const embeddingsRoute = proxiedOperationRoute({
  route: '/v1/embeddings',
  operation: 'embeddings',
  schema: EmbeddingsRequestSchema,
  modelKind: 'embeddings',
  streams: () => false,
  worstCase: (request, _entry, price) => worstCaseCost({ kind: 'embeddings', request }, price),
});
