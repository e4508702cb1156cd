import type { UpstreamTarget } from '../connector.ts';
import { endpointUrl } from '../upstream-request.ts';

/** Ollama's native API. `baseUrl` is the server root: `http://localhost:11434`. */

export function chatUrl(target: UpstreamTarget): string {
  return endpointUrl(target.provider.baseUrl, 'api/chat');
}

export function embedUrl(target: UpstreamTarget): string {
  return endpointUrl(target.provider.baseUrl, 'api/embed');
}

/** A local Ollama needs no key; one behind an authenticating proxy (or Ollama's cloud) takes a bearer token. */
export function bearerAuth(target: UpstreamTarget): Record<string, string> {
  return target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {};
}
