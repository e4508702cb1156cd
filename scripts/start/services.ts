import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { styleText } from 'node:util';
import { serviceNodeFlags } from '@alfred/service-process';
import { startProcess, type ManagedProcess } from './managed-process.ts';
import type { ProcessStack } from './process-stack.ts';
import type { StartSettings } from './settings.ts';
import { StartError } from './start-error.ts';

/** One of Alfred's own processes, run with the same Node as `npm start` (Node 24). */
export interface ServiceSpec {
  name: string;
  /** Entry point, relative to the repository root. */
  entry: string;
  /** Stopped after the services of a later stage (the fake upstream outlives the workers). */
  stage: 0 | 1;
  /** Started when its entry point exists, skipped with a notice otherwise. */
  optional?: boolean;
  color: Parameters<typeof styleText>[0];
}

export const services: ServiceSpec[] = [
  { name: 'fake-upstream', entry: 'packages/fake-upstream/src/main.ts', stage: 0, color: 'gray' },
  { name: 'workers', entry: 'workers/src/main.ts', stage: 1, color: 'green' },
  { name: 'ingress', entry: 'ingress/src/main.ts', stage: 1, color: 'cyan' },
  { name: 'ledger', entry: 'ledger/src/main.ts', stage: 1, color: 'yellow' },
  { name: 'admin-api', entry: 'admin-api/src/main.ts', stage: 1, optional: true, color: 'magenta' },
];

/** What every service is told: where the servers are, which config, which ports. */
export function serviceEnvironment(
  settings: StartSettings,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...base,
    NATS_URL: settings.natsUrl,
    REDIS_URL: settings.redisUrl,
    DATABASE_URL: settings.databaseUrl,
    ALFRED_CONFIG: settings.configFile,
    INGRESS_PORT: String(settings.ingressPort),
    ADMIN_API_PORT: String(settings.adminApiPort),
    FAKE_UPSTREAM_PORT: String(settings.fakeUpstreamPort),
    // The one worker's /metrics (alfred_provider_*); the ledger's is on 9464.
    WORKER_METRICS_PORT: base.WORKER_METRICS_PORT || '9465',
  };
}

/** `ingress       | ` — every line a service prints, passed through behind its name. */
export function outputPrefix(name: string, width: number, color?: ServiceSpec['color']): string {
  const label = `${name.padEnd(width)} | `;
  return color ? styleText(color, label) : label;
}

/** `node packages/database/src/migrate-cli.ts up`, to completion. */
export async function runMigrations(settings: StartSettings, stack: ProcessStack): Promise<void> {
  const migrate = startProcess({
    name: 'migrate',
    command: process.execPath,
    args: ['packages/database/src/migrate-cli.ts', 'up'],
    cwd: settings.repoRoot,
    env: serviceEnvironment(settings),
    output: { terminal: { prefix: outputPrefix('migrate', width(), 'yellow') } },
  });
  stack.push([migrate]);
  const exit = await migrate.exited;
  if (exit.code !== 0) {
    throw new StartError('the database migrations failed (their output is above)');
  }
}

/**
 * The services to start: those whose entry point exists. A missing required one is an error,
 * raised before anything is started; a missing optional one is skipped with a notice.
 */
export function servicesToStart(
  settings: StartSettings,
  log: (message: string) => void,
): ServiceSpec[] {
  const present = services.filter((s) => existsSync(join(settings.repoRoot, s.entry)));
  const absent = services.filter((s) => !present.includes(s));
  const required = absent.filter((s) => !s.optional);
  if (required.length > 0) {
    throw new StartError(
      `cannot start ${required.map((s) => s.name).join(', ')}: ` +
        `${required.map((s) => s.entry).join(', ')} not found`,
    );
  }
  for (const s of absent) log(`${s.entry} does not exist yet: ${s.name} is not started`);
  return present;
}

/** Starts the services, pushing them on `stack` by stage so they stop in the right order. */
export function startServices(
  settings: StartSettings,
  specs: ServiceSpec[],
  stack: ProcessStack,
): ManagedProcess[] {
  const env = serviceEnvironment(settings);
  const started = specs.map((spec) => ({
    spec,
    process: startProcess({
      name: spec.name,
      command: process.execPath,
      args: [...serviceNodeFlags, spec.entry],
      cwd: settings.repoRoot,
      env,
      output: { terminal: { prefix: outputPrefix(spec.name, width(), spec.color) } },
    }),
  }));
  for (const stage of [0, 1]) {
    stack.push(started.filter((s) => s.spec.stage === stage).map((s) => s.process));
  }
  return started.map((s) => s.process);
}

function width(): number {
  return Math.max(...services.map((s) => s.name.length));
}

/** Lines from `npm start` itself, aligned with the services' output. */
export function startLog(message: string): void {
  process.stderr.write(`${outputPrefix('start', width(), 'bold')}${message}\n`);
}
