export { loadGatewayConfig, parseGatewayConfig, defaultConfigPath } from './load-gateway-config.ts';
export { ConfigError } from './config-error.ts';
