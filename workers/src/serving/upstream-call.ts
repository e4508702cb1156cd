import type { GatewayError } from '@alfred/contracts';
import type {
  ProviderConnector,
  UpstreamHttpRequest,
  UpstreamTarget,
} from '../providers/connector.ts';
import type { AttemptBudget } from '../resilience/attempt-timeouts.ts';
import { fromTransportError, fromUpstreamError } from '../upstream/upstream-failure.ts';
import {
  headerRecord,
  type UpstreamHttp,
  type UpstreamResponse,
} from '../upstream/upstream-http.ts';

export interface UpstreamCallContext {
  http: UpstreamHttp;
  connector: ProviderConnector;
  target: UpstreamTarget;
  /** The attempt's signal: the client went away, or the attempt's total time is up. */
  signal: AbortSignal;
  /** This attempt's connect, first-byte and total times (resilience/attempt-timeouts.ts). */
  budget: AttemptBudget;
  /** The answer is relayed as it arrives rather than read whole. */
  stream?: boolean;
}

/**
 * POSTs to the provider and returns the response if it is 2xx; otherwise throws the
 * GatewayError the client should see (provider error mapped by the connector, or a
 * transport failure).
 */
export async function callUpstream(
  ctx: UpstreamCallContext,
  request: UpstreamHttpRequest,
): Promise<UpstreamResponse> {
  const { deployment, provider } = ctx.target;
  let response: UpstreamResponse;
  try {
    response = await ctx.http.post(request, {
      signal: ctx.signal,
      connectTimeoutMs: ctx.budget.connectMs,
      timeoutMs: ctx.budget.firstByteMs,
      maxConnections: provider.connections,
      stream: ctx.stream === true,
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw fromTransportError(error, deployment.provider);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  let text = '';
  try {
    text = await response.body.text();
  } catch {
    // The error body itself was cut: the status alone still says what happened.
  }
  throw upstreamErrorOf(ctx, response, text);
}

function upstreamErrorOf(
  ctx: UpstreamCallContext,
  response: UpstreamResponse,
  text: string,
): GatewayError {
  return fromUpstreamError(
    ctx.connector.parseError(response.statusCode, headerRecord(response.headers), text),
  );
}
