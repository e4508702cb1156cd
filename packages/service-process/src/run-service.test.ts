import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sample = fileURLToPath(new URL('./test-support/sample-service.ts', import.meta.url));

function run(env: Record<string, string>, signals: NodeJS.Signals[] = []) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [sample], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"msg":"sample ready"')) for (const s of signals.splice(0)) child.kill(s);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('runService', () => {
  it('stops once on SIGTERM (a second signal does not stop it twice) and exits 0', async () => {
    const { code, out } = await run({}, ['SIGTERM', 'SIGINT']);
    expect(code).toBe(0);
    expect(out.match(/SAMPLE_STOPPED/g)).toHaveLength(1);
    expect(out).toContain('"msg":"sample stopped"');
  });

  it('logs a failed start as fatal JSON and exits 1', async () => {
    const { code, out } = await run({ SAMPLE_FAIL_START: '1' });
    expect(code).toBe(1);
    expect(out).toMatch(/"level":"fatal".*"msg":"no database"/);
  });

  it('exits 1 when stopping fails', async () => {
    const { code, out } = await run({ SAMPLE_FAIL_STOP: '1' }, ['SIGINT']);
    expect(code).toBe(1);
    expect(out).toContain('failed to stop cleanly');
  });
});
