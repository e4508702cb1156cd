import { Counter, Histogram, type Registry } from 'prom-client';

export interface IngressMetrics {
  requests: Counter<'route' | 'status'>;
  /** Error answers by their OpenAI code: `worker_lost`, `no_workers`, `insufficient_quota`, … */
  errors: Counter<'route' | 'status' | 'code'>;
  /** Time ingress + NATS + worker add to the provider's own time (non-streamed: whole answer; streamed: first byte). */
  overhead: Histogram<'route' | 'stream'>;
}

export function createIngressMetrics(registry: Registry): IngressMetrics {
  return {
    requests: new Counter({
      name: 'alfred_ingress_requests_total',
      help: 'Requests answered by ingress, by route and HTTP status.',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'alfred_ingress_errors_total',
      help: 'Error answers by route, HTTP status and OpenAI error code (or type); a stream ingress ends with an error event counts with its 200.',
      labelNames: ['route', 'status', 'code'],
      registers: [registry],
    }),
    overhead: new Histogram({
      name: 'alfred_ingress_overhead_seconds',
      help: 'Latency the gateway adds on top of the provider (time to the whole answer, or to the first byte of a stream).',
      labelNames: ['route', 'stream'],
      buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
  };
}
