import type { PoolProcess, PoolsReport, PoolSummary } from '@alfred/pool-directory';
import { textTable } from './text-table.ts';

/** `alfred pools` for a person: pools, then their processes, then deployment health. */
export function poolsReportText(report: PoolsReport): string {
  if (report.pools.length === 0) {
    return 'No worker heartbeats heard: no worker process is running, or it is on another NATS.';
  }
  const sections = [
    textTable(
      ['POOL', 'PROCESSES', 'CAPACITY', 'IN FLIGHT', 'QUEUED', 'HEALTH'],
      report.pools.map((pool) => [
        pool.pool,
        processCount(pool),
        String(pool.totals.capacity),
        String(pool.totals.inFlight),
        String(pool.totals.queued),
        pool.health,
      ]),
    ),
    textTable(
      ['POOL', 'PROCESS', 'STATE', 'HOST', 'PID', 'CAPACITY', 'IN FLIGHT', 'QUEUED', 'LAST BEAT'],
      report.pools.flatMap((pool) => pool.processes.map((p) => processRow(pool.pool, p))),
    ),
  ];
  const deployments = report.pools.flatMap((pool) =>
    pool.deployments.map((d) => [
      pool.pool,
      d.deployment,
      d.circuit,
      String(d.requests),
      d.successRate === null ? '-' : `${(d.successRate * 100).toFixed(1)}%`,
      millis(d.latencyMs.p50),
      millis(d.latencyMs.p95),
      millis(d.latencyMs.p99),
    ]),
  );
  if (deployments.length > 0) {
    sections.push(
      textTable(
        ['POOL', 'DEPLOYMENT', 'CIRCUIT', 'REQUESTS', 'SUCCESS', 'P50', 'P95', 'P99'],
        deployments,
      ),
    );
  }
  if (report.invalidHeartbeats > 0) {
    sections.push(`${report.invalidHeartbeats} invalid heartbeat(s) ignored.`);
  }
  return sections.join('\n\n');
}

function processCount(pool: PoolSummary): string {
  const { processes, draining } = pool.totals;
  return draining > 0 ? `${processes} (${draining} draining)` : String(processes);
}

function processRow(pool: string, p: PoolProcess): string[] {
  return [
    pool,
    p.workerId,
    p.goneReason ? `gone (${p.goneReason})` : p.state,
    p.host,
    String(p.pid),
    String(p.capacity),
    String(p.inFlight),
    String(p.queued),
    `${(p.lastSeenAgoMs / 1000).toFixed(1)}s ago`,
  ];
}

function millis(value: number | null): string {
  return value === null ? '-' : `${Math.round(value)}ms`;
}
