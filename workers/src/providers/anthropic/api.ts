import type { UpstreamTarget } from '../connector.ts';
import { endpointUrl } from '../upstream-request.ts';

/** `baseUrl` includes the version segment, as for OpenAI: `https://api.anthropic.com/v1`. */
export function messagesUrl(target: UpstreamTarget): string {
  return endpointUrl(target.provider.baseUrl, 'messages');
}

/** Betas (`anthropic-beta`) or a newer version come from the provider's configured headers. */
export const anthropicHeaders = { 'anthropic-version': '2023-06-01' } as const;

export function apiKeyAuth(target: UpstreamTarget): Record<string, string> {
  return target.apiKey ? { 'x-api-key': target.apiKey } : {};
}
