import type { ApiKeyAuthenticator } from '../auth/api-key-authenticator.ts';
import type { Admission } from '../billing/request-admission.ts';
import type { WorkerGateway } from '../gateway/worker-gateway.ts';
import type { IngressMetrics } from '../ingress-metrics.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import type { IngressSettings } from '../settings.ts';

/** What the API routes need, handed to each route plugin as its options. */
export interface RouteDependencies {
  settings: IngressSettings;
  authenticator: ApiKeyAuthenticator;
  catalog: ModelCatalog;
  gateway: WorkerGateway;
  metrics: IngressMetrics;
  /** Credit reservation and rate limits, or metering only; absent, requests are unbilled. */
  admission: Admission | undefined;
}
