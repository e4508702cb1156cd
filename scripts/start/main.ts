import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemoApiKey } from '@alfred/database';
import { ensureBackingServices } from './backing-services.ts';
import { ensureDemoEconomy } from './demo-economy.ts';
import { describeExit, type ManagedProcess } from './managed-process.ts';
import { ProcessStack } from './process-stack.ts';
import { answers200 } from './probes.ts';
import { readyLine } from './ready-line.ts';
import { runMigrations, servicesToStart, startLog as log, startServices } from './services.ts';
import { readSettings } from './settings.ts';
import { StartError } from './start-error.ts';
import { waitFor } from './wait-for.ts';

// `npm start`: NATS, Redis and PostgreSQL (found running or started here), migrations, the fake
// upstream, a worker pool, ingress and admin-api; then one line with a demo key to try.

const settings = readSettingsOrExit();
mkdirSync(join(settings.dataDir, 'logs'), { recursive: true });
const stack = new ProcessStack(settings.stopTimeoutMs, log);

let signalsReceived = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signalsReceived += 1;
    if (signalsReceived > 1) {
      log(`${signal} again: killing everything now`);
      stack.killAll('SIGKILL');
      process.exit(1);
    }
    log(`${signal}: stopping (press Ctrl-C again to kill everything at once)`);
    void stack.stopAll().then(() => process.exit(0));
  });
}
// If `npm start` itself dies, its children must not outlive it.
process.on('exit', () => stack.killAll('SIGTERM'));

try {
  const services = servicesToStart(settings, log);
  await ensureBackingServices(settings, stack, log);
  await runMigrations(settings, stack);
  await ensureDemoEconomy(settings.databaseUrl).catch((error: unknown) => {
    throw new StartError(`could not prepare the demo wallet: ${(error as Error).message}`);
  });
  const running = startServices(settings, services, stack);
  const baseUrl = `http://127.0.0.1:${settings.ingressPort}`;
  await waitFor(() => answers200(`${baseUrl}/ready`), {
    what: `ingress to answer 200 on ${baseUrl}/ready`,
    timeoutMs: settings.readyTimeoutMs,
    watched: running,
  });
  stopWhenAnyExits(running);
  const { apiKey } = await ensureDemoApiKey(
    settings.databaseUrl,
    join(settings.dataDir, 'demo-api-key'),
  ).catch((error: unknown) => {
    throw new StartError(`could not create the demo API key: ${(error as Error).message}`);
  });
  process.stdout.write(`${readyLine(baseUrl, apiKey)}\n`);
} catch (error) {
  // A signal during the start already stops everything; its errors are just the fallout.
  if (!stack.stopping) {
    report(error);
    await stack.stopAll();
    process.exit(1);
  }
}

/** Once Alfred is up, a service that dies takes the rest down: a half-running gateway misleads. */
function stopWhenAnyExits(processes: ManagedProcess[]): void {
  for (const p of processes) {
    void p.exited.then((exit) => {
      if (stack.stopping) return;
      log(`${p.name} ${describeExit(exit)}; stopping the others`);
      void stack.stopAll().then(() => process.exit(1));
    });
  }
}

function report(error: unknown): void {
  const message = error instanceof StartError ? error.message : (error as Error).stack;
  process.stderr.write(`\nnpm start failed: ${message}\n`);
}

function readSettingsOrExit(): ReturnType<typeof readSettings> {
  try {
    return readSettings(process.env);
  } catch (error) {
    report(error);
    process.exit(1);
  }
}
