import type { NatsConnection } from '@nats-io/transport-node';
import type { GatewayConfig } from '@alfred/contracts';
import { watchGatewayConfig, type GatewayConfigWatch } from './live-gateway-config.ts';

/** The two log levels following a config needs (a pino logger fits). */
export interface ConfigFollowerLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * Follows the live gateway config under `key`, logging each config applied or rejected.
 * `apply` runs for the current value before this resolves, then for each change; if it
 * throws, the config is rejected and the previous one stays. Workers and ingress both
 * follow it: what one applies, the other applies too.
 */
export function followGatewayConfig(
  nc: NatsConnection,
  key: string,
  log: ConfigFollowerLog,
  apply: (config: GatewayConfig) => void,
): Promise<GatewayConfigWatch> {
  return watchGatewayConfig(nc, {
    key,
    onConfig(config, revision) {
      apply(config);
      log.info(
        { configKey: key, revision, models: config.models.length },
        'gateway config applied',
      );
    },
    onRejected(problems, revision) {
      log.error(
        { configKey: key, revision, problems },
        'gateway config rejected; the previous one stays',
      );
    },
  });
}
