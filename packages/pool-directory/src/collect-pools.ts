import type { NatsConnection } from '@nats-io/transport-node';
import { PoolDirectory } from './pool-directory.ts';
import type { PoolsReport } from './pool-summary.ts';

export interface CollectPoolsOptions {
  /** How long to listen: one and a half of the workers' usual heartbeat interval. */
  waitMs?: number;
}

/**
 * Listens to heartbeats for a moment and reports what was heard: the one-shot view of a
 * command line, which has no earlier beats to remember.
 */
export async function collectPools(
  nc: NatsConnection,
  options: CollectPoolsOptions = {},
): Promise<PoolsReport> {
  const directory = PoolDirectory.start(nc);
  try {
    await nc.flush(); // the subscription is in place before the wait starts
    await new Promise((resolve) => setTimeout(resolve, options.waitMs ?? 1_500));
    return directory.report();
  } finally {
    await directory.close();
  }
}
