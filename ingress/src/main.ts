import { loadGatewayConfig } from '@alfred/config';
import { createLogger } from '@alfred/telemetry';
import { startIngress } from './ingress-server.ts';
import { ingressSettingsFromEnv } from './settings.ts';

const log = createLogger('ingress');
try {
  const settings = ingressSettingsFromEnv();
  const ingress = await startIngress(settings, loadGatewayConfig(settings.configPath), log);
  const stop = async (signal: string) => {
    log.info({ signal }, 'ingress stopping');
    await ingress.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
