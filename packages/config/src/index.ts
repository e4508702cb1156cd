export { loadGatewayConfig, parseGatewayConfig, defaultConfigPath } from './load-gateway-config.ts';
export { ConfigError } from './config-error.ts';
export {
  configBucket,
  defaultConfigKey,
  publishGatewayConfig,
  watchGatewayConfig,
  type GatewayConfigWatch,
  type WatchGatewayConfigOptions,
} from './live-gateway-config.ts';
export { followGatewayConfig, type ConfigFollowerLog } from './follow-gateway-config.ts';
