import { behaviorFromEnv } from './behavior.ts';
import { startFakeUpstream } from './server.ts';

/**
 * `npm start` in this package: the fake upstream as its own process, configured from the
 * environment (README.md lists the variables). Logs one JSON line when listening.
 */

function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    service: 'fake-upstream',
    msg,
    ...fields,
  });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

function portFromEnv(value: string | undefined): number {
  const port = Number(value ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`FAKE_UPSTREAM_PORT must be a port number, got '${value}'`);
  return port;
}

try {
  const upstream = await startFakeUpstream({
    port: portFromEnv(process.env.FAKE_UPSTREAM_PORT),
    host: process.env.FAKE_UPSTREAM_HOST || '127.0.0.1',
    behavior: behaviorFromEnv(process.env),
  });
  log('info', 'fake upstream listening', {
    url: upstream.url,
    port: upstream.port,
    behavior: upstream.behavior,
  });
  const stop = (signal: NodeJS.Signals) => {
    upstream.close().then(
      () => {
        log('info', 'fake upstream stopped', { signal, requests: upstream.stats.requests });
        process.exit(0);
      },
      (error: unknown) => {
        log('error', 'fake upstream failed to stop', { signal, error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  log('error', 'fake upstream failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
}
