import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Server binaries often live outside a normal user's PATH (`/usr/sbin/nats-server`), and
 * Debian keeps PostgreSQL's in `/usr/lib/postgresql/<version>/bin`.
 */
const systemDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findExecutable(
  name: string,
  path: string = process.env.PATH ?? '',
  extraDirs: string[] = systemDirs,
): string | undefined {
  const dirs = [...path.split(delimiter).filter(Boolean), ...extraDirs];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** initdb and postgres from one installation: PATH first, then the newest Debian version. */
export function findPostgresBinaries(
  path: string = process.env.PATH ?? '',
  debianRoot = '/usr/lib/postgresql',
): PostgresBinaries | undefined {
  const dirs = [...path.split(delimiter).filter(Boolean), ...debianVersionDirs(debianRoot)];
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    const postgres = join(dir, 'postgres');
    if (isExecutable(initdb) && isExecutable(postgres)) return { initdb, postgres };
  }
  return undefined;
}

function debianVersionDirs(root: string): string[] {
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return [];
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
