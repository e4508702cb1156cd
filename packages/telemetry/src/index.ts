export { createLogger, redactedPaths, type Logger } from './logger.ts';
export { createMetricsRegistry } from './metrics.ts';
export { startMetricsServer, type MetricsServer } from './metrics-server.ts';
export { startTracing, tracingConfigured, type Tracing } from './tracing.ts';
