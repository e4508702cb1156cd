import { createLogger, startTracing, type Logger, type Tracing } from '@alfred/telemetry';
import { disablePretenuring } from './allocation-pretenuring.ts';

export interface RunningService {
  /** Finishes what was accepted and releases connections; the process exits after it. */
  stop(): Promise<void>;
}

/**
 * The life of every Alfred process: start it with a logger, log a failed start as fatal
 * and exit 1, and on the first SIGTERM or SIGINT stop it once and exit 0 (1 if stopping
 * failed). One place, so every service drains alike.
 */
export async function runService(
  name: string,
  start: (log: Logger) => Promise<RunningService>,
): Promise<void> {
  disablePretenuring();
  const log = createLogger(name);
  let service: RunningService;
  let tracing: Tracing;
  try {
    // Before the service: spans of its start are traced too (when OTEL_* configures it).
    tracing = await startTracing(`alfred-${name}`);
    service = await start(log);
  } catch (error) {
    log.fatal({ err: error }, (error as Error).message);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${name} stopping`);
    service
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => {
          log.info(`${name} stopped`);
          process.exit(0);
        },
        (error: unknown) => {
          log.error({ err: error }, `${name} failed to stop cleanly`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  log.info(`${name} ready`);
}
