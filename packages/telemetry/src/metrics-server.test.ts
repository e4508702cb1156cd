import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';

let server: MetricsServer;
let healthy = true;
const registry = new Registry();
const written = new Counter({ name: 'alfred_test_events_total', help: 'h', registers: [registry] });

beforeAll(async () => {
  server = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    registry,
    healthy: () => healthy,
  });
});
afterAll(() => server.close());

const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);

describe('the metrics endpoint', () => {
  it("serves the registry's metrics to Prometheus", async () => {
    written.inc(3);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toContain('alfred_test_events_total 3');
  });

  it('answers /healthz with 200 while healthy and 503 when not', async () => {
    expect((await get('/healthz')).status).toBe(200);
    healthy = false;
    const response = await get('/healthz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded' });
    healthy = true;
    expect((await get('/nothing')).status).toBe(404);
  });
});
