import { runService } from '../run-service.ts';

// A service for run-service.test.ts: fails to start, or says it stopped, as told by env.
await runService('sample', async (log) => {
  if (process.env.SAMPLE_FAIL_START) throw new Error('no database');
  log.info('sample started');
  const alive = setInterval(() => {}, 1_000); // stands for a server holding the process up
  return {
    async stop() {
      clearInterval(alive);
      process.stdout.write('SAMPLE_STOPPED\n');
      if (process.env.SAMPLE_FAIL_STOP) throw new Error('stuck');
    },
  };
});
