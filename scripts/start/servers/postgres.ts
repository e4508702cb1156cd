import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, endpointOf } from '../endpoint.ts';
import type { PostgresBinaries } from '../executables.ts';
import { describeExit, formatTail, startProcess, type ManagedProcess } from '../managed-process.ts';
import type { ProcessStack } from '../process-stack.ts';
import { probePostgres } from '../probes.ts';
import { StartError } from '../start-error.ts';
import { blockedAncestor, findSystemUser, type SystemUser } from '../system-user.ts';
import { waitFor } from '../wait-for.ts';

/**
 * A PostgreSQL cluster of our own under `.data/postgres`: created once with initdb (trust
 * authentication, superuser named as in DATABASE_URL), then run in the foreground as our child,
 * TCP only. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgres(
  binaries: PostgresBinaries,
  databaseUrl: string,
  dataDir: string,
  runAs: SystemUser | undefined,
  stack: ProcessStack,
): Promise<ManagedProcess> {
  const endpoint = endpointOf(databaseUrl, 5432);
  const superuser = decodeURIComponent(new URL(databaseUrl).username) || 'postgres';
  const clusterDir = join(dataDir, 'postgres');
  const logFile = join(dataDir, 'logs', 'postgres.log');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const identity = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (runAs) prepareForUser(clusterDir, runAs);
    const initdb = startProcess({
      name: 'initdb',
      command: binaries.initdb,
      args: ['-D', clusterDir, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--no-locale'],
      cwd: clusterDir,
      output: { logFile },
      ...identity,
    });
    stack.push([initdb]); // interrupted, initdb removes what it wrote
    const exit = await initdb.exited;
    if (exit.code !== 0) {
      throw new StartError(`initdb ${describeExit(exit)}\n${formatTail(initdb)}`);
    }
  } else if (runAs) {
    prepareForUser(clusterDir, runAs);
  }

  const server = startProcess({
    name: 'postgres',
    command: binaries.postgres,
    args: [
      '-D',
      clusterDir,
      '-p',
      String(endpoint.port),
      '-c',
      `listen_addresses=${endpoint.host}`,
      // No Unix socket: its default folder may not exist or be writable here; TCP is enough.
      '-c',
      'unix_socket_directories=',
    ],
    cwd: clusterDir,
    output: { logFile },
    ...identity,
  });
  // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
  stack.push([server], 'SIGINT');
  await waitFor(async () => (await probePostgres(maintenanceUrl(databaseUrl))) === 'ready', {
    what: `postgres to accept connections on ${describe(endpoint)}`,
    timeoutMs: 30_000,
    watched: [server],
  });
  return server;
}

/** Creates the URL's database if the server lacks it; returns whether it did. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name) return false;
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database ${client.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** The same server and credentials, database `postgres` (always there). */
function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/**
 * Who our PostgreSQL must run as: ourselves, or as root the `postgres` user, who must be able to
 * reach `dataDir`. Throws a StartError saying why it cannot be started otherwise; called before
 * anything is started.
 */
export function postgresServerUser(dataDir: string): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = findSystemUser('postgres');
  if (!user) {
    throw new StartError(
      'PostgreSQL refuses to run as root and this machine has no `postgres` user to run it as.\n' +
        'Create one (useradd --system postgres), run `npm start` as another user, or start\n' +
        'PostgreSQL yourself and set DATABASE_URL.',
    );
  }
  const blocked = blockedAncestor(join(dataDir, 'postgres'), user);
  if (blocked) {
    throw new StartError(
      `PostgreSQL runs as the '${user.name}' user here (it refuses to run as root), but that user ` +
        `cannot enter ${blocked}.\nMove the repository somewhere it can reach, or start PostgreSQL ` +
        'yourself and set DATABASE_URL.',
    );
  }
  return user;
}

/** The cluster folder must belong to the user the server runs as. */
function prepareForUser(clusterDir: string, user: SystemUser): void {
  if (statSync(clusterDir).uid === user.uid) return;
  chownSync(clusterDir, user.uid, user.gid);
  for (const entry of readdirSync(clusterDir, { recursive: true, encoding: 'utf8' })) {
    const path = join(clusterDir, entry);
    if (!lstatSync(path).isSymbolicLink()) chownSync(path, user.uid, user.gid);
  }
}
