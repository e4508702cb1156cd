import { parseArgs } from 'node:util';
import { poolsCommand } from './pools-command.ts';

// `npm run alfred -- <command>`: operator commands against a running gateway.

const usage = `usage: npm run alfred -- <command>

commands:
  pools [--json] [--wait <ms>]   worker pools, their processes, capacity, load and health,
                                 as heard from heartbeats on NATS_URL (listens --wait ms, 1500)`;

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'pools') {
    const { values } = parseArgs({
      args: rest,
      options: { json: { type: 'boolean', default: false }, wait: { type: 'string' } },
    });
    const waitMs = Number(values.wait ?? 1_500);
    if (!Number.isInteger(waitMs) || waitMs <= 0) {
      err(`alfred: --wait must be a positive number of milliseconds, got '${values.wait}'`);
      return 2;
    }
    return poolsCommand(
      { natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222', json: values.json, waitMs },
      out,
      err,
    );
  }
  if (command === undefined || command === 'help' || command === '--help') {
    out(usage);
    return command === undefined ? 2 : 0;
  }
  err(`alfred: unknown command '${command}'\n\n${usage}`);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  err(`alfred: ${(error as Error).message}`);
  process.exitCode = 2;
}
