import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startTracing, tracingConfigured } from './tracing.ts';

describe('tracing', () => {
  it('stays off unless an exporter is configured', async () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect((await startTracing('test', {})).enabled).toBe(false);
  });

  it('sends spans to the configured OTLP endpoint', async () => {
    const received: string[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => response.writeHead(200).end());
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const saved = { ...process.env };
    // The SDK reads its exporter settings from the process environment.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    process.env.OTEL_METRICS_EXPORTER = 'none';
    process.env.OTEL_LOGS_EXPORTER = 'none';
    try {
      const tracing = await startTracing('alfred-test');
      expect(tracing.enabled).toBe(true);
      trace.getTracer('test').startSpan('one span').end();
      await tracing.shutdown();
      expect(received).toContain('POST /v1/traces');
    } finally {
      process.env = saved;
      trace.disable();
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
