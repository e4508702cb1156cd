import autocannon from 'autocannon';
import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { chatRequestBody } from '../chat-workload.ts';
import { emptySummary, type LatencySummary } from '../latency-stats.ts';
import { startScalingStack } from '../stack/scaling-stack.ts';
import type { Finding, Phase, PhaseContext, PhaseResult, TargetRun } from './phase.ts';

const name = 'scaling';

/**
 * Throughput of one pool as worker processes are added (1, 2, 4 by default) in front of a
 * slow upstream: each worker serves at most `concurrency` requests at once, so the pool's
 * capacity is workers × concurrency / latency, and the gateway should come close to it.
 * Closed loop (autocannon): more connections than the largest pool can serve at once, the
 * same for every size, so every size is saturated and the only variable is the pool.
 */
export const scalingPhase: Phase = {
  name,
  estimatedSeconds: (s) => s.scalingWorkerCounts.length * (s.scalingStepS + 4) + 5,
  async run(context): Promise<PhaseResult> {
    const { settings } = context;
    const stack = await startScalingStack(settings, {
      upstreamLatencyMs: settings.scalingUpstreamLatencyMs,
      workerConcurrency: settings.scalingWorkerConcurrency,
    });
    const largest = Math.max(...settings.scalingWorkerCounts);
    const connections = Math.ceil(1.5 * largest * settings.scalingWorkerConcurrency);
    const runs: TargetRun[] = [];
    try {
      for (const workers of settings.scalingWorkerCounts) {
        while (stack.workerCount() < workers) await stack.addWorker();
        context.progress(
          `[${name}] ${workers} worker(s) × ${settings.scalingWorkerConcurrency}, ${connections} connections, ${settings.scalingStepS} s`,
        );
        // A short run first: new processes compile their hot paths under load.
        await closedLoop(context, stack.ingressUrl, connections, 2);
        runs.push(
          await closedLoop(context, stack.ingressUrl, connections, settings.scalingStepS, workers),
        );
      }
    } finally {
      await stack.stop();
    }
    return {
      name,
      title:
        `Pool scaling: upstream at ${settings.scalingUpstreamLatencyMs} ms, worker concurrency ` +
        `${settings.scalingWorkerConcurrency}, closed loop with ${connections} connections`,
      runs,
      findings: scalingFindings(
        runs,
        settings.scalingWorkerConcurrency,
        settings.scalingUpstreamLatencyMs,
      ),
      notes: runs
        .filter((run) => run.errorCount > 0)
        .map((run) => `${run.label}: ${run.errorCount} errors ${JSON.stringify(run.errors)}`),
    };
  },
};

async function closedLoop(
  context: PhaseContext,
  url: string,
  connections: number,
  seconds: number,
  workers?: number,
): Promise<TargetRun> {
  const { settings, stack } = context;
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` },
    body: chatRequestBody(settings, false),
    connections,
    duration: seconds,
    timeout: settings.requestTimeoutMs / 1000,
  });
  const errors: Record<string, number> = {};
  if (result.non2xx > 0) errors['non-2xx'] = result.non2xx;
  if (result.timeouts > 0) errors.timeout = result.timeouts;
  const otherErrors = result.errors - result.timeouts;
  if (otherErrors > 0) errors['connection error'] = otherErrors;
  const ok = result['2xx'];
  const latency: LatencySummary = {
    count: ok,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    max: result.latency.max,
    mean: result.latency.mean,
  };
  return {
    key: 'c',
    label: `${workers ?? 0} worker${workers === 1 ? '' : 's'}`,
    ratePerSecond: 0,
    measuredSeconds: seconds,
    scheduled: result.requests.sent,
    sent: result.requests.sent,
    ok,
    errorCount: result.non2xx + result.errors,
    errors,
    errorSamples: [],
    achievedPerSecond: ok / seconds,
    latency,
    service: latency,
    ttfb: undefined,
    ttfbService: undefined,
    sendLag: emptySummary,
    overheadHeader: undefined,
    cpuMs: {},
    cpuMsPerRequest: {},
    wallSeconds: seconds,
    sliceP99Ms: [],
  };
}

function scalingFindings(runs: TargetRun[], concurrency: number, latencyMs: number): Finding[] {
  const one = runs.find((run) => run.label === '1 worker');
  const findings: Finding[] = runs.map((run) => ({
    label: `throughput, ${run.label}`,
    value: run.achievedPerSecond,
    unit: 'req/s',
    note: `ideal ${Math.round((Number.parseInt(run.label) * concurrency * 1000) / latencyMs)} req/s`,
  }));
  if (!one) return findings;
  const criteria: Record<string, Finding['criterion']> = {
    '2 workers': acceptanceCriteria.scalingTwoWorkers,
    '4 workers': acceptanceCriteria.scalingFourWorkers,
  };
  for (const run of runs) {
    if (run === one) continue;
    const criterion = criteria[run.label];
    findings.push({
      label: `speed-up, ${run.label} vs 1`,
      value: run.achievedPerSecond / one.achievedPerSecond,
      unit: '×',
      ...(criterion ? { criterion } : {}),
    });
  }
  return findings;
}
