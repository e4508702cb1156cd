import type { DeploymentHealthSnapshot, WorkerHeartbeat } from '@alfred/contracts';
import {
  deploymentHealthAcross,
  type DeploymentHealthAcrossProcesses,
} from './deployment-health.ts';

/** A worker's last beat and when this listener received it (its own clock, not the sender's). */
export interface HeardWorker {
  beat: WorkerHeartbeat;
  receivedAt: number;
}

/** `gone`: it said it was leaving, or stayed silent for three of its intervals. */
export type ProcessState = 'serving' | 'draining' | 'gone';

export interface PoolProcess {
  workerId: string;
  host: string;
  pid: number;
  version: string;
  startedAt: number;
  state: ProcessState;
  goneReason?: 'left' | 'silent';
  lastSeenAt: number;
  lastSeenAgoMs: number;
  intervalMs: number;
  capacity: number;
  inFlight: number;
  queued: number;
  deployments: DeploymentHealthSnapshot[];
}

export interface PoolTotals {
  /** Live processes: serving or draining. */
  processes: number;
  serving: number;
  draining: number;
  /** Of serving processes only: a draining one takes no new work. */
  capacity: number;
  inFlight: number;
  queued: number;
}

/**
 * `down`: no process takes new work; `degraded`: some deployment's circuit is not closed
 * in some process; `ok` otherwise.
 */
export type PoolHealth = 'ok' | 'degraded' | 'down';

export interface PoolSummary {
  pool: string;
  health: PoolHealth;
  totals: PoolTotals;
  deployments: DeploymentHealthAcrossProcesses[];
  processes: PoolProcess[];
}

/** What `alfred pools --json` prints and `GET /v1/pools` answers. */
export interface PoolsReport {
  generatedAt: number;
  pools: PoolSummary[];
  /** Beats on a heartbeat subject that were not valid heartbeats (since the listener started). */
  invalidHeartbeats: number;
}

/** Missed beats after which a silent process counts as gone. */
export const MISSED_BEATS_BEFORE_GONE = 3;

export function processOf(heard: HeardWorker, now: number): PoolProcess {
  const { beat, receivedAt } = heard;
  const silent = now - receivedAt > MISSED_BEATS_BEFORE_GONE * beat.intervalMs;
  const left = beat.state === 'leaving';
  const process: PoolProcess = {
    workerId: beat.workerId,
    host: beat.host,
    pid: beat.pid,
    version: beat.version,
    startedAt: beat.startedAt,
    state: left || silent ? 'gone' : beat.state === 'draining' ? 'draining' : 'serving',
    lastSeenAt: receivedAt,
    lastSeenAgoMs: Math.max(0, now - receivedAt),
    intervalMs: beat.intervalMs,
    capacity: beat.capacity,
    inFlight: beat.inFlight,
    queued: beat.queued,
    deployments: beat.deployments,
  };
  if (left) process.goneReason = 'left';
  else if (silent) process.goneReason = 'silent';
  return process;
}

function summarizePool(pool: string, processes: PoolProcess[]): PoolSummary {
  const live = processes.filter((p) => p.state !== 'gone');
  const serving = live.filter((p) => p.state === 'serving');
  const deployments = deploymentHealthAcross(live.map((p) => ({ ...p, pool })));
  const health: PoolHealth =
    serving.length === 0
      ? 'down'
      : deployments.some((d) => d.circuit !== 'closed')
        ? 'degraded'
        : 'ok';
  return {
    pool,
    health,
    totals: {
      processes: live.length,
      serving: serving.length,
      draining: live.length - serving.length,
      capacity: serving.reduce((sum, p) => sum + p.capacity, 0),
      inFlight: live.reduce((sum, p) => sum + p.inFlight, 0),
      queued: live.reduce((sum, p) => sum + p.queued, 0),
    },
    deployments,
    processes: processes.sort((a, b) => a.workerId.localeCompare(b.workerId)),
  };
}

/** Every pool heard of, sorted by name, with its processes (gone ones too) and totals. */
export function summarizePools(heard: Iterable<HeardWorker>, now: number): PoolSummary[] {
  const byPool = new Map<string, PoolProcess[]>();
  for (const worker of heard) {
    const list = byPool.get(worker.beat.pool) ?? [];
    list.push(processOf(worker, now));
    byPool.set(worker.beat.pool, list);
  }
  return [...byPool.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pool, processes]) => summarizePool(pool, processes));
}
