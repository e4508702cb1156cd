export { createLogger, redactedPaths, type Logger } from './logger.ts';
export { createMetricsRegistry } from './metrics.ts';
