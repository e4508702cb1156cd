import type { WorkRequest } from '@alfred/contracts';
import type { Logger } from '@alfred/telemetry';
import type { RequestSettlement } from '../billing/request-settlement.ts';
import type { ReplyChannel } from '../replies/reply-channel.ts';
import type { RoutePlanner } from '../routing/route-plan.ts';
import type { Resilience } from './planned-attempts.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { UpstreamHttp } from '../upstream/upstream-http.ts';

/** Everything serving one work request needs. */
export interface ServeContext {
  work: WorkRequest;
  channel: ReplyChannel;
  /** The routing of the config in force when the request arrived (a config swap leaves it be). */
  router: RoutePlanner;
  http: UpstreamHttp;
  signal: AbortSignal;
  log: Logger;
  /** Charges or releases the request's credit reservation, once. */
  settlement: RequestSettlement;
  /** Circuits, retries and provider metrics, shared by the worker's requests. */
  resilience: Resilience;
  /** Exact and semantic answer caches (used for models whose config enables them). */
  cache: ResponseCache;
}

/** Headers the client sees: which deployment answered and how long the provider took. */
export const answerHeaders = {
  deployment: 'x-alfred-deployment',
  /** How many upstream attempts the answer took (1 without failover). */
  attempts: 'x-alfred-attempts',
  upstreamMs: 'x-alfred-upstream-ms',
  /** What the answer cost, in micro-credits (non-streamed; streams carry it in an SSE comment). */
  costMicros: 'x-alfred-cost-micros',
  /** The worker process that served the request. */
  worker: 'x-alfred-worker',
} as const;

/** A stream's cost, as the SSE comment before `[DONE]` (clients ignore comments). */
export function streamCostComment(costMicros: number | string): string {
  return `: ${answerHeaders.costMicros}=${costMicros}\n\n`;
}
