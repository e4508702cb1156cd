import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@alfred/telemetry';
import { startAdminApi, type AdminApi } from './admin-server.ts';
import { adminApiSettingsFromEnv } from './settings.ts';

let adminApi: AdminApi;
beforeAll(async () => {
  adminApi = await startAdminApi(
    { ...adminApiSettingsFromEnv(), port: 0 },
    createLogger('admin-api', { level: 'silent' }),
  );
});
afterAll(() => adminApi.close());

describe('admin-api health', () => {
  it('is healthy and ready when PostgreSQL answers', async () => {
    expect((await fetch(`${adminApi.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${adminApi.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('lists the pools and provider health heard on NATS', async () => {
    const pools = await fetch(`${adminApi.url}/v1/pools`);
    expect(pools.status).toBe(200);
    expect(await pools.json()).toMatchObject({
      pools: expect.any(Array),
      invalidHeartbeats: expect.any(Number),
    });
    const health = await fetch(`${adminApi.url}/v1/providers/health`);
    expect(await health.json()).toMatchObject({ deployments: expect.any(Array) });
  });

  it('answers unknown routes with an OpenAI-shaped 404', async () => {
    const res = await fetch(`${adminApi.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_url');
  });
});

describe('admin-api without its servers', () => {
  it('refuses to start, naming the connection failure', async () => {
    await expect(
      startAdminApi(
        {
          ...adminApiSettingsFromEnv(),
          port: 0,
          databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
        },
        createLogger('admin-api', { level: 'silent' }),
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses to start without NATS, naming the connection failure', async () => {
    await expect(
      startAdminApi(
        { ...adminApiSettingsFromEnv(), port: 0, natsUrl: 'nats://127.0.0.1:1' },
        createLogger('admin-api', { level: 'silent' }),
      ),
    ).rejects.toThrow(/refused/);
  });
});
