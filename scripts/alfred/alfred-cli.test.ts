import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { subjects, type WorkerHeartbeat } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./main.ts', import.meta.url));
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function alfred(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('alfred pools', () => {
  it('lists the pools whose workers beat, as JSON and as a table', async () => {
    const pool = `cli${randomBytes(5).toString('hex')}`;
    const nc = await connect({ servers: natsUrl });
    const beat: WorkerHeartbeat = {
      v: 1,
      workerId: `${pool}-w1`,
      pool,
      host: 'test-host',
      pid: 7,
      version: '0.0.0',
      startedAt: Date.now(),
      sentAt: Date.now(),
      intervalMs: 100,
      capacity: 16,
      inFlight: 3,
      queued: 0,
      draining: false,
      state: 'serving',
      deployments: [],
    };
    const timer = setInterval(
      () => nc.publish(subjects.poolHeartbeat(pool), JSON.stringify(beat)),
      50,
    );
    try {
      const json = await alfred(['pools', '--json', '--wait', '500']);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as { pools: { pool: string; totals: unknown }[] };
      expect(report.pools.find((p) => p.pool === pool)?.totals).toMatchObject({
        processes: 1,
        capacity: 16,
        inFlight: 3,
      });

      const table = await alfred(['pools', '--wait', '500']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(new RegExp(`^${pool} +1 +16 +3 +0 +ok$`, 'm'));
      expect(table.stdout).toMatch(new RegExp(`^${pool} +${pool}-w1 +serving +test-host +7 `, 'm'));
    } finally {
      clearInterval(timer);
      await nc.close();
    }
  });

  it('exits 1 with a clear message when NATS is unreachable', async () => {
    const { code, stderr } = await alfred(['pools'], { NATS_URL: 'nats://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^alfred: cannot reach NATS at nats:\/\/127\.0\.0\.1:1: /);
  });

  it('exits 2 with its usage on an unknown command', async () => {
    const { code, stderr } = await alfred(['poolz']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'poolz'");
    expect(stderr).toContain('pools [--json]');
  });
});
