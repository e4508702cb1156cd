import type { UpstreamTarget } from '../connector.ts';
import { endpointUrl } from '../upstream-request.ts';

/**
 * OpenAI and every server that copies its API (Groq, Mistral, Together, DeepSeek, vLLM,
 * Ollama's /v1). `baseUrl` includes the version segment: `https://api.openai.com/v1`.
 */

export function chatCompletionsUrl(target: UpstreamTarget): string {
  return endpointUrl(target.provider.baseUrl, 'chat/completions');
}

export function embeddingsUrl(target: UpstreamTarget): string {
  return endpointUrl(target.provider.baseUrl, 'embeddings');
}

/** Local servers (vLLM, Ollama) often run without a key: then no Authorization header at all. */
export function bearerAuth(target: UpstreamTarget): Record<string, string> {
  return target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {};
}
