import type { WorkRequest } from '@alfred/contracts';
import type { Logger } from '@alfred/telemetry';
import type { RequestSettlement } from '../billing/request-settlement.ts';
import type { ReplyChannel } from '../replies/reply-channel.ts';
import type { DeploymentRouter } from '../routing/deployment-router.ts';
import type { UpstreamHttp } from '../upstream/upstream-http.ts';

/** Everything serving one work request needs. */
export interface ServeContext {
  work: WorkRequest;
  channel: ReplyChannel;
  router: DeploymentRouter;
  http: UpstreamHttp;
  signal: AbortSignal;
  log: Logger;
  /** Charges or releases the request's credit reservation, once. */
  settlement: RequestSettlement;
}

/** Headers the client sees: which deployment answered and how long the provider took. */
export const answerHeaders = {
  deployment: 'x-alfred-deployment',
  upstreamMs: 'x-alfred-upstream-ms',
  /** What the answer cost, in micro-credits (non-streamed; streams carry it in an SSE comment). */
  costMicros: 'x-alfred-cost-micros',
} as const;
