import type { UpstreamHttpRequest, UpstreamTarget } from './connector.ts';

/** `baseUrl` and `path` joined by exactly one slash, however the config wrote the base. */
export function endpointUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export interface JsonPost {
  url: string;
  /** Protocol headers (e.g. `anthropic-version`); the provider's configured headers may override them. */
  headers?: Record<string, string>;
  /** Credential headers; applied last so configured headers can never replace the resolved secret. */
  auth?: Record<string, string>;
  body: unknown;
}

export function jsonPost(target: UpstreamTarget, post: JsonPost): UpstreamHttpRequest {
  return {
    url: post.url,
    headers: {
      'content-type': 'application/json',
      ...post.headers,
      ...target.provider.headers,
      ...post.auth,
    },
    body: JSON.stringify(post.body),
  };
}
