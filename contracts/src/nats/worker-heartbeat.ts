import { z } from 'zod';
import { DeploymentHealthSnapshotSchema } from './deployment-health.ts';

export const WORKER_HEARTBEAT_VERSION = 1;

/**
 * What a worker process is doing: `serving` takes new work; `draining` takes none and
 * finishes what it accepted; `leaving` is its last beat, sent once it finished.
 */
export const WorkerStateSchema = z.enum(['serving', 'draining', 'leaving']);
export type WorkerState = z.infer<typeof WorkerStateSchema>;

/** At most this many reply subjects in one beat (see `replies`). */
export const MAX_LISTED_REPLIES = 5_000;

const count = z.number().int().nonnegative();
const epochMs = z.number().int().nonnegative();

/**
 * Worker → anyone listening, on `subjects.poolHeartbeat(pool)`, every `intervalMs` and at
 * once when the state changes. A listener takes a worker for gone after three intervals
 * without a beat, or at once on `leaving`.
 */
export const WorkerHeartbeatSchema = z.object({
  v: z.literal(WORKER_HEARTBEAT_VERSION),
  workerId: z.string().min(1),
  pool: z.string().min(1),
  host: z.string(),
  pid: z.number().int().positive(),
  /** The worker's software version. */
  version: z.string(),
  startedAt: epochMs,
  sentAt: epochMs,
  /** When the next beat is due; listeners derive their timeout from it. */
  intervalMs: z.number().int().positive(),
  /** Requests the process serves at once (`WORKER_CONCURRENCY`). */
  capacity: z.number().int().positive(),
  inFlight: count,
  /** Accepted and waiting in the process's local queue. */
  queued: count,
  draining: z.boolean(),
  state: WorkerStateSchema,
  /**
   * Reply subjects of the requests it holds, serving and queued: a requester whose
   * request nobody lists any more knows the worker holding it died, long before its
   * timeout. Absent from workers that predate it; `repliesTruncated` when the process held
   * more than `MAX_LISTED_REPLIES` (a requester then assumes all of its requests are held).
   */
  replies: z.array(z.string()).optional(),
  repliesTruncated: z.boolean().optional(),
  /** Each deployment as this process's resilience layer sees it. */
  deployments: z.array(DeploymentHealthSnapshotSchema),
});
export type WorkerHeartbeat = z.infer<typeof WorkerHeartbeatSchema>;
