import { loadGatewayConfig } from '@alfred/config';
import { createLogger } from '@alfred/telemetry';
import { openBillingOutlets } from './billing/open-billing-outlets.ts';
import { PoolWorker } from './pool-worker.ts';
import { workerSettingsFromEnv } from './settings.ts';

const log = createLogger('worker');
try {
  const settings = workerSettingsFromEnv();
  const billing = openBillingOutlets(settings.redisUrl, log);
  const worker = await PoolWorker.start(
    settings,
    loadGatewayConfig(settings.configPath),
    log,
    billing.outlets,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, ...worker.status() }, 'worker draining');
    await worker.drain();
    await billing.close();
    log.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
