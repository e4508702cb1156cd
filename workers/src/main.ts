import { readFileSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { loadGatewayConfig } from '@alfred/config';
import { runService, serviceNatsOptions } from '@alfred/service-process';
import { createMetricsRegistry, startMetricsServer } from '@alfred/telemetry';
import { openBillingOutlets } from './billing/open-billing-outlets.ts';
import { PoolWorker } from './pool-worker.ts';
import { HeartbeatPublisher } from './pools/heartbeat-publisher.ts';
import { workerSettingsFromEnv } from './settings.ts';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

await runService('worker', async (log) => {
  const settings = workerSettingsFromEnv();
  const billing = openBillingOutlets(settings.redisUrl, log, settings.settlementWindowMs);
  const registry = createMetricsRegistry('worker');
  const worker = await PoolWorker.start(
    settings,
    loadGatewayConfig(settings.configPath),
    log,
    billing.outlets,
    registry,
  );
  // Off unless a port is set: several workers may share a host.
  const metrics =
    settings.metricsPort !== undefined
      ? await startMetricsServer({
          host: settings.metricsHost,
          port: settings.metricsPort,
          registry,
          healthy: () => !worker.load().draining,
        })
      : undefined;
  // A connection of its own: the worker closes its connection at the end of a drain, and the
  // 'leaving' beat must still go out after that.
  const heartbeatConnection = await connect(
    serviceNatsOptions(settings.natsUrl, `${settings.workerId}-heartbeat`),
  );
  const heartbeat = new HeartbeatPublisher(heartbeatConnection, {
    workerId: settings.workerId,
    pool: settings.pool,
    intervalMs: settings.heartbeatIntervalMs,
    version,
    load: () => worker.load(),
    healthSnapshot: () => worker.health.snapshot(),
    heldReplies: (limit) => worker.heldReplies(limit),
  });
  return {
    async stop() {
      log.info(worker.status(), 'worker draining');
      const drained = worker.drain();
      heartbeat.beat(); // 'draining' now, not at the next tick
      await drained;
      await heartbeat.stop();
      await heartbeatConnection.close();
      await billing.close();
      await metrics?.close();
    },
  };
});
