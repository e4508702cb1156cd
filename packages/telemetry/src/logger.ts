import { pino, type Logger, type DestinationStream } from 'pino';
import {
  redactChildBindings,
  redactLogArguments,
  serializeErrorWithoutPii,
} from './log-pii-redaction.ts';

export type { Logger };

/**
 * Paths that may hold a secret anywhere a service logs. pino removes them before a
 * line is written, so a careless `log.info({ headers })` cannot leak a key.
 */
export const redactedPaths = [
  'authorization',
  'apiKey',
  'api_key',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["api-key"]',
  'headers["x-goog-api-key"]',
  'req.headers.authorization',
  '*.authorization',
  '*.apiKey',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["api-key"]',
  '*.headers["x-goog-api-key"]',
];

/**
 * The one logger every service uses: JSON lines, secrets removed by path, and PII (emails,
 * phone, card and national id numbers, IBANs, keys) replaced by `[EMAIL]`-style
 * placeholders wherever it appears in a line (log-pii-redaction.ts).
 */
export function createLogger(
  service: string,
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const logger = pino(
    {
      name: service,
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { logMethod: redactLogArguments },
      serializers: { err: serializeErrorWithoutPii },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
  return redactChildBindings(logger);
}
