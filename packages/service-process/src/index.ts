export { runService, type RunningService } from './run-service.ts';
export { serviceNodeFlags } from './service-node-flags.ts';
export { serviceNatsOptions } from './service-nats-connection.ts';
