import type { UpstreamTarget } from '../connector.ts';
import { endpointUrl } from '../upstream-request.ts';

/**
 * Azure OpenAI addresses the deployment in the URL (`deployment.model` is the Azure
 * deployment name) and versions the API with a query parameter. `baseUrl` is the resource
 * endpoint: `https://{resource}.openai.azure.com`.
 */

export const DEFAULT_API_VERSION = '2024-10-21';

export function deploymentUrl(
  target: UpstreamTarget,
  operation: 'chat/completions' | 'embeddings',
): string {
  const deployment = encodeURIComponent(target.deployment.model);
  const apiVersion = encodeURIComponent(target.provider.apiVersion ?? DEFAULT_API_VERSION);
  return endpointUrl(
    target.provider.baseUrl,
    `openai/deployments/${deployment}/${operation}?api-version=${apiVersion}`,
  );
}

export function apiKeyAuth(target: UpstreamTarget): Record<string, string> {
  return target.apiKey ? { 'api-key': target.apiKey } : {};
}
