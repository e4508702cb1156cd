import type { RetryBackoff } from '../resilience/backoff.ts';
import type { DeploymentHealth } from '../resilience/deployment-health.ts';
import type { ProviderMetrics } from '../resilience/provider-metrics.ts';
import { routeRequestOf } from '../routing/route-request.ts';
import type { AttemptChainOptions } from './attempt-chain.ts';
import { answerHeaders, type ServeContext } from './serve-context.ts';

/** The worker's failover state, shared by all its requests. */
export interface Resilience {
  health: DeploymentHealth;
  backoff: RetryBackoff;
  metrics: ProviderMetrics | undefined;
}

/**
 * The attempt chain of one request: its route plan, and what each attempt tells the client
 * (`x-alfred-deployment`, `x-alfred-attempts`), billing (the deployment charged) and the
 * logs (a line per failed attempt at warn, per attempt at debug).
 */
export function attemptChainFor(ctx: ServeContext, stream: boolean): AttemptChainOptions {
  const route = routeRequestOf(ctx.work);
  return {
    plan: ctx.router.plan(route),
    requestId: ctx.work.id,
    health: ctx.resilience.health,
    backoff: ctx.resilience.backoff,
    metrics: ctx.resilience.metrics,
    signal: ctx.signal,
    deadline: ctx.work.deadline,
    stream,
    committed: () => ctx.channel.started,
    onAttempt: ({ planned, number }) => {
      const { deployment } = planned.target;
      ctx.channel.setHeader(answerHeaders.deployment, deployment.id);
      ctx.channel.setHeader(answerHeaders.attempts, String(number));
      ctx.settlement.deployment = deployment.id;
      ctx.router.recordAttempt(deployment, route.estimatedPromptTokens);
      if (ctx.log.isLevelEnabled('debug')) {
        ctx.log.debug(
          {
            requestId: ctx.work.id,
            deployment: deployment.id,
            attempt: number,
            reason: planned.reason,
          },
          'upstream attempt',
        );
      }
    },
    onRetry: ({ planned, number }, error) => {
      ctx.log.warn(
        {
          requestId: ctx.work.id,
          deployment: planned.target.deployment.id,
          attempt: number,
          code: (error as { code?: unknown }).code,
        },
        'upstream attempt failed; trying again',
      );
    },
  };
}
