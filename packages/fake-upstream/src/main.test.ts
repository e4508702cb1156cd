import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('the fake-upstream process', () => {
  it('logs one JSON line when listening, answers, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, FAKE_UPSTREAM_PORT: '0', FAKE_UPSTREAM_LATENCY_MS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const line = JSON.parse(chunk.toString().split('\n')[0] as string);
      expect(line).toMatchObject({
        level: 'info',
        msg: 'fake upstream listening',
        behavior: { latencyMs: 1 },
      });
      const models = await fetch(`${line.url}/v1/models`);
      expect(models.status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exits 1 with an error line on a bad variable', async () => {
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, FAKE_UPSTREAM_PORT: '0', FAKE_UPSTREAM_FAIL: 'sometimes' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(JSON.parse(stderr.trim())).toMatchObject({
      level: 'error',
      msg: 'fake upstream failed to start',
    });
  });
});
