import { connect } from '@nats-io/transport-node';
import { ConfigError } from './config-error.ts';
import { defaultConfigKey, publishGatewayConfig } from './live-gateway-config.ts';
import { loadGatewayConfig } from './load-gateway-config.ts';

// `npm run config:publish -- <gateway.yaml|json>`: validates the file (with ${NAME} and
// ALFRED__ substitution from this shell's environment) and stores it as the live config that
// every worker and ingress applies. Exit code: 0 published, 1 invalid (nothing published),
// 2 NATS could not be reached. NATS_URL and ALFRED_CONFIG_KEY choose where.
const path = process.argv[2];
if (!path) {
  console.error('usage: npm run config:publish -- <path to gateway.yaml or .json>');
  process.exit(1);
}
const key = process.env.ALFRED_CONFIG_KEY || defaultConfigKey;
let config;
try {
  config = loadGatewayConfig(path);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\nNothing was published; the live config is unchanged.`);
  process.exit(1);
}
try {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  try {
    const revision = await publishGatewayConfig(nc, config, key);
    console.log(
      `published ${path} as live config '${key}' (revision ${revision}): ` +
        `${config.models.length} models, ${config.deployments.length} deployments`,
    );
  } finally {
    await nc.drain();
  }
} catch (error) {
  console.error(`config:publish could not store the config: ${(error as Error).message}`);
  process.exitCode = 2;
}
