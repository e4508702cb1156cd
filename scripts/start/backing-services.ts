import { endpointOf, isLocal, type Endpoint } from './endpoint.ts';
import { findExecutable, findPostgresBinaries } from './executables.ts';
import type { ProcessStack } from './process-stack.ts';
import { probeNats, probePostgres, probeRedis } from './probes.ts';
import { startNats } from './servers/nats.ts';
import { ensureDatabase, postgresServerUser, startPostgres } from './servers/postgres.ts';
import { startRedis } from './servers/redis.ts';
import type { StartSettings } from './settings.ts';
import { StartError } from './start-error.ts';

/**
 * Makes NATS (with JetStream), Redis and PostgreSQL reachable at the configured URLs: a server
 * that already answers is used as it is; one that doesn't is started from the binaries installed
 * on this machine, with its data under `.data/`, and pushed on `stack` to be stopped on exit.
 * Nothing is started unless everything that is missing can be started.
 */
export async function ensureBackingServices(
  settings: StartSettings,
  stack: ProcessStack,
  log: (message: string) => void,
): Promise<void> {
  const nats = endpointOf(settings.natsUrl, 4222);
  const redis = endpointOf(settings.redisUrl, 6379);
  const postgres = endpointOf(settings.databaseUrl, 5432);
  const [natsState, redisState, postgresState] = await Promise.all([
    probeNats(nats),
    probeRedis(redis),
    probePostgres(settings.databaseUrl),
  ]);

  if (natsState === 'not-nats') {
    throw new StartError(`${redact(settings.natsUrl)} accepts connections but is not NATS`);
  }
  if (typeof natsState === 'object' && !natsState.jetstream) {
    throw new StartError(
      `NATS ${natsState.version} at ${redact(settings.natsUrl)} runs without JetStream, which ` +
        'Alfred needs: restart it with `-js`, or point NATS_URL at another server.',
    );
  }
  if (redisState === 'not-redis') {
    throw new StartError(`${redact(settings.redisUrl)} accepts connections but is not Redis`);
  }
  if (typeof postgresState === 'object') {
    throw new StartError(
      `PostgreSQL at ${redact(settings.databaseUrl)} refused us: ${postgresState.problem}`,
    );
  }

  const natsBinary = natsState === 'unreachable' ? findExecutable('nats-server') : undefined;
  const redisBinary = redisState === 'unreachable' ? findExecutable('redis-server') : undefined;
  const postgresBinaries = postgresState === 'unreachable' ? findPostgresBinaries() : undefined;
  const missing = [
    natsState === 'unreachable' &&
      cannotStart('NATS', settings.natsUrl, nats, !natsBinary && 'nats-server is not installed'),
    redisState === 'unreachable' &&
      cannotStart(
        'Redis',
        settings.redisUrl,
        redis,
        !redisBinary && 'redis-server is not installed',
      ),
    postgresState === 'unreachable' &&
      cannotStart(
        'PostgreSQL',
        settings.databaseUrl,
        postgres,
        !postgresBinaries && 'initdb and postgres are not installed',
      ),
  ].filter((problem) => typeof problem === 'string');
  if (missing.length > 0) throw new StartError(missingServersMessage(missing));
  const postgresUser = postgresBinaries ? postgresServerUser(settings.dataDir) : undefined;

  if (natsBinary) {
    log(`starting nats-server on port ${nats.port} (JetStream store in .data/nats)`);
    await startNats(natsBinary, nats, settings.dataDir, stack);
  }
  if (redisBinary) {
    log(`starting redis-server on port ${redis.port}`);
    await startRedis(redisBinary, redis, settings.dataDir, stack);
  }
  if (postgresBinaries) {
    log(`starting postgres on port ${postgres.port} (cluster in .data/postgres)`);
    await startPostgres(
      postgresBinaries,
      settings.databaseUrl,
      settings.dataDir,
      postgresUser,
      stack,
    );
  }
  if (postgresBinaries || postgresState === 'database-missing') {
    if (await ensureDatabase(settings.databaseUrl)) {
      log(`created database ${new URL(settings.databaseUrl).pathname.slice(1)}`);
    }
  }
}

/** Why a server that does not answer cannot be started here, or false if it can be. */
function cannotStart(
  what: string,
  url: string,
  endpoint: Endpoint,
  notInstalled: string | false,
): string | false {
  const where = `${what} at ${redact(url)} does not answer`;
  if (!isLocal(endpoint)) return `${where}, and it is not on this machine`;
  return notInstalled && `${where}, and ${notInstalled}`;
}

function missingServersMessage(problems: string[]): string {
  return [
    'Alfred needs NATS (with JetStream), Redis and PostgreSQL, and npm start cannot provide them all:',
    ...problems.map((p) => `  - ${p}`),
    'Either install the servers (Debian/Ubuntu: apt-get install nats-server redis-server postgresql)',
    'and run npm start again: it starts them itself, with their data in .data/;',
    'or start them with Docker, then run npm start again:',
    '  docker compose -f infra/docker-compose.yml up -d',
    'or set NATS_URL, REDIS_URL and DATABASE_URL to servers you already have.',
  ].join('\n');
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
