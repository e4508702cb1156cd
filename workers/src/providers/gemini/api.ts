import type { UpstreamTarget } from '../connector.ts';
import { endpointUrl } from '../upstream-request.ts';

/**
 * `baseUrl` includes the version segment: `https://generativelanguage.googleapis.com/v1beta`.
 * The key travels in a header, not in `?key=`, so it never lands in URL logs.
 */

/** `gemini-2.5-flash` → `models/gemini-2.5-flash`; `tunedModels/…` stays as written. */
export function modelResourceName(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

export function generateContentUrl(target: UpstreamTarget, stream: boolean): string {
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return endpointUrl(
    target.provider.baseUrl,
    `${modelResourceName(target.deployment.model)}:${method}`,
  );
}

export function embedContentUrl(target: UpstreamTarget, batch: boolean): string {
  const method = batch ? 'batchEmbedContents' : 'embedContent';
  return endpointUrl(
    target.provider.baseUrl,
    `${modelResourceName(target.deployment.model)}:${method}`,
  );
}

export function apiKeyAuth(target: UpstreamTarget): Record<string, string> {
  return target.apiKey ? { 'x-goog-api-key': target.apiKey } : {};
}
