import { connect, type NatsConnection } from '@nats-io/transport-node';
import { collectPools } from '@alfred/pool-directory';
import { poolsReportText } from './pools-report-text.ts';

export interface PoolsCommandOptions {
  natsUrl: string;
  json: boolean;
  /** How long to listen for heartbeats. */
  waitMs: number;
}

/** Prints the pools heard on NATS; returns the exit code (1: NATS unreachable). */
export async function poolsCommand(
  options: PoolsCommandOptions,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.natsUrl, timeout: 3_000, name: 'alfred-cli' });
  } catch (error) {
    err(`alfred: cannot reach NATS at ${options.natsUrl}: ${(error as Error).message}`);
    return 1;
  }
  try {
    const report = await collectPools(nc, { waitMs: options.waitMs });
    out(options.json ? JSON.stringify(report, null, 2) : poolsReportText(report));
    return 0;
  } finally {
    await nc.close();
  }
}
