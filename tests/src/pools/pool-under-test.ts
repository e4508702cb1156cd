import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PoolDirectory, type PoolProcess, type PoolSummary } from '@alfred/pool-directory';
import {
  spawnWorker,
  writeConfigFile,
  type ServiceProcess,
} from '../test-support/service-processes.ts';
import {
  startTestStack,
  type TestStack,
  type TestStackOptions,
} from '../test-support/test-stack.ts';

/** Beats this often in these tests, so that "gone" (three missed beats) comes quickly. */
export const heartbeatIntervalMs = 200;

export interface ServedBy {
  status: number;
  /** The worker id of the process that answered (`x-alfred-worker`), '' if none did. */
  worker: string;
  sentAt: number;
}

export interface PoolUnderTest {
  stack: TestStack;
  nc: NatsConnection;
  directory: PoolDirectory;
  /** Starts one worker process of the pool and waits until its heartbeat says it serves. */
  addWorker(workerId: string, concurrency?: number): Promise<ServiceProcess>;
  pool(): PoolSummary | undefined;
  process(workerId: string): PoolProcess | undefined;
  chat(content: string): Promise<ServedBy>;
  close(): Promise<void>;
}

/**
 * Ingress and the fake upstream in this process, and the pool's workers as real processes
 * (spawned as in production, beating every 200 ms), seen through a PoolDirectory.
 */
export async function startPoolUnderTest(
  upstreamTimeoutMs = 5_000,
  options: Pick<TestStackOptions, 'workerLostAfterMs' | 'configure'> = {},
): Promise<PoolUnderTest> {
  const stack = await startTestStack({ ...options, workers: 0, upstreamTimeoutMs });
  const configPath = await writeConfigFile(stack.config);
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const directory = PoolDirectory.start(nc);
  await nc.flush();
  const processes: ServiceProcess[] = [];
  const pool = () => directory.report().pools.find((p) => p.pool === stack.pool);
  const processOf = (workerId: string) => pool()?.processes.find((p) => p.workerId === workerId);
  return {
    stack,
    nc,
    directory,
    pool,
    process: processOf,
    async addWorker(workerId, concurrency = 64) {
      const worker = spawnWorker(configPath, stack.pool, concurrency, {
        WORKER_ID: workerId,
        WORKER_HEARTBEAT_INTERVAL_MS: String(heartbeatIntervalMs),
      });
      processes.push(worker);
      await eventually(() => {
        if (worker.exited()) throw new Error(`worker exited: ${worker.output()}`);
        if (processOf(workerId)?.state !== 'serving') throw new Error(`${workerId} not heard yet`);
      }, 20_000);
      return worker;
    },
    async chat(content) {
      const sentAt = Date.now();
      try {
        const res = await fetch(`${stack.url}/v1/chat/completions`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${stack.apiKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
        });
        await res.arrayBuffer();
        return { status: res.status, worker: res.headers.get('x-alfred-worker') ?? '', sentAt };
      } catch {
        return { status: 0, worker: '', sentAt };
      }
    },
    async close() {
      await Promise.all(processes.map((p) => p.kill()));
      await directory.close();
      await nc.close();
      await stack.close();
    },
  };
}

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
