import type { EmbeddingsRequest } from '@alfred/contracts';
import type { EmbedText } from '../cache/semantic-cache.ts';
import { connectorFor } from '../providers/registry.ts';
import { attemptBudget } from '../resilience/attempt-timeouts.ts';
import type { RoutePlanner } from '../routing/route-plan.ts';
import type { UpstreamHttp } from '../upstream/upstream-http.ts';
import { callUpstream } from './upstream-call.ts';

/**
 * Embeds texts with an embeddings model of the gateway config (its first deployment), for
 * the semantic cache. The lookup's own timeout bounds it; any failure is the cache's miss.
 */
export function modelEmbedder(
  current: () => { router: RoutePlanner; http: UpstreamHttp },
  model: string,
): EmbedText {
  return async (text, signal) => {
    const { router, http } = current();
    const target = router.targetsFor(model)[0]!;
    const connector = connectorFor(target.provider.type);
    if (!connector.embeddings) throw new Error(`model '${model}' cannot embed`);
    const budget = attemptBudget({
      timeouts: target.deployment.timeouts,
      deadline: Date.now() + target.deployment.timeouts.totalMs,
      stream: false,
    })!;
    const request: EmbeddingsRequest = { model, input: text };
    const response = await callUpstream(
      { http, connector, target, signal, budget },
      connector.embeddings.buildRequest(request, target),
    );
    const answer = connector.embeddings.parseResponse(
      await response.body.json(),
      { id: 'semantic-cache', created: 0, model: target.deployment.model },
      request,
    );
    const vector = answer.data[0]?.embedding;
    if (!Array.isArray(vector)) throw new Error(`model '${model}' returned no embedding`);
    return Float32Array.from(vector);
  };
}
