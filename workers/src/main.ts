import { loadGatewayConfig } from '@alfred/config';
import { runService } from '@alfred/service-process';
import { openBillingOutlets } from './billing/open-billing-outlets.ts';
import { PoolWorker } from './pool-worker.ts';
import { workerSettingsFromEnv } from './settings.ts';

await runService('worker', async (log) => {
  const settings = workerSettingsFromEnv();
  const billing = openBillingOutlets(settings.redisUrl, log);
  const worker = await PoolWorker.start(
    settings,
    loadGatewayConfig(settings.configPath),
    log,
    billing.outlets,
  );
  return {
    async stop() {
      log.info(worker.status(), 'worker draining');
      await worker.drain();
      await billing.close();
    },
  };
});
