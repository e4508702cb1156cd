import { gatewayErrors } from '@alfred/contracts';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { PlannedAttempt } from '../routing/route-plan.ts';
import { attemptBudget, type AttemptBudget } from '../resilience/attempt-timeouts.ts';
import type { RetryBackoff } from '../resilience/backoff.ts';
import type { AttemptTracker, DeploymentHealth } from '../resilience/deployment-health.ts';
import { classifyFailure } from '../resilience/failure-classification.ts';
import type { ProviderMetrics } from '../resilience/provider-metrics.ts';
import { AttemptSignal } from './attempt-signal.ts';

const tracer = trace.getTracer('alfred-worker');

/** What one attempt gets: where to call, how long it may take, and its own abort signal. */
export interface AttemptContext {
  planned: PlannedAttempt;
  budget: AttemptBudget;
  /** Aborts when the client goes away or this attempt's total time is up. */
  signal: AbortSignal;
  /** 1 for the first attempt of the request. */
  number: number;
}

export interface AttemptChainOptions {
  plan: readonly PlannedAttempt[];
  health: DeploymentHealth;
  backoff: RetryBackoff;
  metrics: ProviderMetrics | undefined;
  /** The client's signal: once aborted, nothing more is tried. */
  signal: AbortSignal;
  /** The request's absolute deadline (epoch ms). */
  deadline: number;
  stream: boolean;
  /** True once bytes reached the client: a stream that has started cannot fail over. */
  committed: () => boolean;
  /** Named in each attempt's span. */
  requestId?: string;
  /** Called as each attempt starts (response headers, billing's deployment, a log line). */
  onAttempt?: (attempt: AttemptContext) => void;
  /** Called for each failed attempt that is followed by another one. */
  onRetry?: (attempt: AttemptContext, error: unknown) => void;
}

/**
 * Runs `attempt` along the route plan until one succeeds: a failure that another call may
 * cure (connect errors, timeouts, 5xx, 429, malformed answers) moves on to the next
 * deployment at once, or, on the last one, retries it after a jittered backoff or the
 * provider's Retry-After. Deployments whose circuit is open or that cool down after a 429
 * are skipped while another one remains; the half-open circuit lets one probe through.
 * Every attempt is reported to DeploymentHealth, which drives the circuits and metrics.
 * The last failure is thrown when nothing is left to try.
 */
export async function runAttemptChain<T>(
  options: AttemptChainOptions,
  attempt: (context: AttemptContext) => Promise<T>,
): Promise<{ result: T; attempts: number }> {
  const { plan, health, backoff, signal } = options;
  let index = 0;
  let attempts = 0;
  let lastError: unknown;
  while (index < plan.length && attempts < Math.max(backoff.maxAttempts, 1)) {
    const planned = plan[index]!;
    const { deployment, provider } = planned.target;
    let tracker: AttemptTracker | undefined = health.tryAcquire(deployment.id, provider.type);
    if (!tracker) {
      // Unavailable (open circuit, cooling down). Skip it while a later one may serve;
      // if it is the last hope, call it anyway rather than fail without trying.
      if (hasAvailableAfter(options, index)) {
        index += 1;
        continue;
      }
      tracker = health.begin(deployment.id, provider.type);
    }
    const budget = attemptBudget({
      timeouts: deployment.timeouts,
      deadline: options.deadline,
      stream: options.stream,
    });
    if (!budget) {
      tracker.abandoned();
      break;
    }
    attempts += 1;
    const attemptSignal = new AttemptSignal(signal, budget.totalMs);
    const context: AttemptContext = {
      planned,
      budget,
      signal: attemptSignal.signal,
      number: attempts,
    };
    options.onAttempt?.(context);
    const started = performance.now();
    // One span per attempt (a no-op unless tracing is configured, see @alfred/telemetry).
    const span = tracer.startSpan('upstream attempt', { kind: SpanKind.CLIENT });
    // Attributes only for a span that is recorded: without tracing, nothing is allocated.
    if (span.isRecording()) {
      span.setAttributes({
        'alfred.request_id': options.requestId ?? '',
        'alfred.deployment': deployment.id,
        'alfred.provider': provider.type,
        'alfred.attempt': attempts,
        'alfred.attempt_reason': planned.reason,
      });
    }
    try {
      const result = await attempt(context);
      tracker.succeeded(performance.now() - started);
      span.setStatus({ code: SpanStatusCode.OK });
      return { result, attempts };
    } catch (thrown) {
      if (signal.aborted) {
        tracker.abandoned();
        span.setAttribute('alfred.outcome', 'cancelled');
        throw thrown;
      }
      // The attempt's own clock ran out (the client is still there): a timeout, not a crash.
      const error = attemptSignal.signal.aborted
        ? gatewayErrors.upstreamTimeout(Math.round(budget.totalMs / 100) / 10)
        : thrown;
      const failure = classifyFailure(error, { clientSignal: signal });
      tracker.failed(failure, performance.now() - started);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.kind });
      span.setAttribute('alfred.failure', failure.kind);
      if (options.committed()) throw error;
      lastError = error;
      const decision = backoff.delayBeforeRetry(attempts, failure, options.deadline - Date.now());
      if (decision.action === 'give_up') throw error;
      options.metrics?.retried(
        { deployment: deployment.id, provider: provider.type },
        failure.kind,
      );
      options.onRetry?.(context, error);
      if (index + 1 < plan.length) {
        index += 1; // Another deployment may answer now: no reason to wait.
      } else if (decision.action === 'retry') {
        await sleep(decision.delayMs, signal);
      } else {
        break;
      }
    } finally {
      attemptSignal.release();
      span.end();
    }
  }
  throw lastError ?? new Error('no deployment could be tried for this request');
}

function hasAvailableAfter(options: AttemptChainOptions, index: number): boolean {
  for (let i = index + 1; i < options.plan.length; i++) {
    if (options.health.isAvailable(options.plan[i]!.target.deployment.id)) return true;
  }
  return false;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
