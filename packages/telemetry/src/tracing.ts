/**
 * OpenTelemetry tracing for a service, on only when an exporter is configured the standard
 * way (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or
 * `OTEL_TRACES_EXPORTER`): the SDK then sends the spans the code makes (each upstream
 * attempt is one) where the standard OTEL_* variables say. Off, the API's no-op tracer
 * costs next to nothing per span and the SDK is not even loaded.
 */
export interface Tracing {
  enabled: boolean;
  /** Flushes spans not yet sent; call it while stopping. */
  shutdown(): Promise<void>;
}

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (exporter !== undefined && exporter !== '') return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export async function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing> {
  if (!tracingConfigured(env)) return { enabled: false, shutdown: async () => {} };
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ serviceName, instrumentations: [] });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
