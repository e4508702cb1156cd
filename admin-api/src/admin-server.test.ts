import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlFromEnv } from '@alfred/database';
import { createLogger } from '@alfred/telemetry';
import { startAdminApi, type AdminApi } from './admin-server.ts';

let adminApi: AdminApi;
beforeAll(async () => {
  adminApi = await startAdminApi(
    { host: '127.0.0.1', port: 0, databaseUrl: databaseUrlFromEnv() },
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

  it('answers unknown routes with an OpenAI-shaped 404', async () => {
    const res = await fetch(`${adminApi.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_url');
  });
});

describe('admin-api without a database', () => {
  it('refuses to start, naming the connection failure', async () => {
    await expect(
      startAdminApi(
        { host: '127.0.0.1', port: 0, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' },
        createLogger('admin-api', { level: 'silent' }),
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
