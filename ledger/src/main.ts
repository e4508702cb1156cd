import { createDatabasePool } from '@alfred/database';
import { runService, serviceNatsOptions } from '@alfred/service-process';
import { createMetricsRegistry, startMetricsServer } from '@alfred/telemetry';
import { connect } from '@nats-io/transport-node';
import { openWalletRefresher } from './open-wallet-refresher.ts';
import { LedgerConsumer } from './ledger-consumer.ts';
import { watchLedgerLag } from './ledger-lag.ts';
import { createLedgerMetrics } from './ledger-metrics.ts';
import { ledgerSettingsFromEnv } from './ledger-settings.ts';
import { ensureUsageStream } from '@alfred/usage-stream';

await runService('ledger', async (log) => {
  const settings = ledgerSettingsFromEnv();
  const registry = createMetricsRegistry('ledger');
  const metrics = createLedgerMetrics(registry);
  const nc = await connect({
    ...serviceNatsOptions(settings.natsUrl, `ledger-${process.pid}`),
    waitOnFirstConnect: true,
  });
  await ensureUsageStream(nc, settings, { ackWaitMs: settings.ackWaitMs });
  const pool = await createDatabasePool(settings.databaseUrl, { maximumPoolSize: 2 });
  const wallets = openWalletRefresher(settings.redisUrl, pool, log, metrics.walletBalance);
  const ledger = LedgerConsumer.start({
    nc,
    pool,
    log,
    metrics,
    ...settings,
    onPosted: (accountIds) => wallets.refresher.posted(accountIds),
  });
  const stopLagWatch = watchLedgerLag(nc, settings, metrics.pendingEvents, log);
  const server = await startMetricsServer({
    host: settings.metricsHost,
    port: settings.metricsPort,
    registry,
    healthy: () => ledger.healthy,
  });
  log.info(
    { stream: settings.streamName, consumer: settings.consumerName, metricsPort: server.port },
    'ledger started',
  );

  return {
    async stop() {
      await ledger.stop(); // finishes the batch in hand
      await wallets.close();
      stopLagWatch();
      await server.close();
      await nc.drain(); // sends the last acknowledgements
      await pool.end();
    },
  };
});
