import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartError } from './start-error.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Everything `npm start` can be told through the environment, with the defaults filled in. */
export interface StartSettings {
  repoRoot: string;
  /** Git-ignored folder for the servers' data, their logs and the demo key. */
  dataDir: string;
  natsUrl: string;
  redisUrl: string;
  databaseUrl: string;
  ingressPort: number;
  adminApiPort: number;
  fakeUpstreamPort: number;
  /** The gateway configuration every service reads (ALFRED_CONFIG). */
  configFile: string;
  /** How long ingress may take to answer /ready once everything is started. */
  readyTimeoutMs: number;
  /** How long a process may take to exit after SIGTERM before it is killed. */
  stopTimeoutMs: number;
}

export function readSettings(env: NodeJS.ProcessEnv, root: string = repoRoot): StartSettings {
  return {
    repoRoot: root,
    dataDir: join(root, '.data'),
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    ingressPort: port(env, 'INGRESS_PORT', 8080),
    adminApiPort: port(env, 'ADMIN_API_PORT', 8081),
    fakeUpstreamPort: port(env, 'FAKE_UPSTREAM_PORT', 8090),
    configFile: resolve(root, env.ALFRED_CONFIG || 'infra/config/gateway.yaml'),
    readyTimeoutMs: milliseconds(env, 'ALFRED_READY_TIMEOUT_MS', 60_000),
    stopTimeoutMs: milliseconds(env, 'ALFRED_STOP_TIMEOUT_MS', 20_000),
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (!value) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65_535) {
    throw new StartError(`${name}=${value} is not a port number (1-65535)`);
  }
  return parsed;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (!value) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new StartError(`${name}=${value} is not a positive number of milliseconds`);
  }
  return parsed;
}
