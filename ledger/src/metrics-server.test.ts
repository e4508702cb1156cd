import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerMetrics } from './ledger-metrics.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';

let server: MetricsServer;
let healthy = true;
const registry = new Registry();
const metrics = createLedgerMetrics(registry);

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
  it('serves the ledger metrics to Prometheus', async () => {
    metrics.eventsWritten.inc(3);
    metrics.pendingEvents.set(42);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('alfred_ledger_events_written_total 3');
    expect(text).toContain('alfred_ledger_pending_events 42');
    expect(text).toContain('alfred_ledger_batch_seconds_bucket');
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
