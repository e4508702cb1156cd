import { loadGatewayConfig } from '@alfred/config';
import { runService } from '@alfred/service-process';
import { startIngress } from './ingress-server.ts';
import { ingressSettingsFromEnv } from './settings.ts';

await runService('ingress', async (log) => {
  const settings = ingressSettingsFromEnv();
  const ingress = await startIngress(settings, loadGatewayConfig(settings.configPath), log);
  return { stop: () => ingress.close() };
});
