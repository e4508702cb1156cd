/**
 * The load-generator process (forked by LoadGeneratorProcess). It runs one job at a time
 * when the parent asks over IPC and answers with the raw samples, so its own CPU use never
 * lands on the processes being measured, nor theirs on it beyond the machine's sharing.
 */
import { HttpLoadClient } from './http-load-target.ts';
import type {
  LoadGeneratorCommand,
  LoadGeneratorMessage,
  LoadJob,
  LoadResult,
} from './load-job.ts';
import { LoadRunRecorder } from './load-run-recorder.ts';
import { NatsLoadClient } from './nats-load-target.ts';
import { runOpenLoop } from './open-loop-schedule.ts';

const http = new HttpLoadClient();
const nats = new NatsLoadClient();

async function runJob(job: LoadJob): Promise<LoadResult> {
  const { target, timeoutMs } = job;
  const recorder = new LoadRunRecorder();
  if (target.kind === 'nats') await nats.prepare(target);
  const send =
    target.kind === 'http'
      ? (dueAt: number) => http.send(target, dueAt, timeoutMs, recorder)
      : (dueAt: number) => nats.send(target, dueAt, timeoutMs, recorder);
  const { scheduled, startedAt } = await runOpenLoop(job.ratePerSecond, job.durationMs, send);
  await recorder.allAnswered();
  return recorder.result(scheduled, startedAt, job.durationMs);
}

function reply(message: LoadGeneratorMessage): void {
  process.send?.(message);
}

async function close(): Promise<void> {
  await Promise.allSettled([http.close(), nats.close()]);
  process.disconnect?.();
}

process.on('message', (command: LoadGeneratorCommand) => {
  if (command.type === 'close') {
    void close();
    return;
  }
  runJob(command.job).then(
    (result) => reply({ type: 'result', result }),
    (error: unknown) => reply({ type: 'failed', message: String(error) }),
  );
});
// The parent is gone (crash, Ctrl-C): nothing left to report to.
process.on(
  'disconnect',
  () => void Promise.allSettled([http.close(), nats.close()]).then(() => process.exit(0)),
);
process.on('SIGINT', () => {}); // the parent decides when this process ends
reply({ type: 'ready' });
