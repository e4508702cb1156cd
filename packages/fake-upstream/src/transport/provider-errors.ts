import type { JsonReply } from './reply.ts';

/**
 * Each wire format's error bodies. The pipeline picks the set that belongs to the route, so
 * an Anthropic client gets `{"type":"error",…}` and a Gemini client `{"error":{"status":…}}`.
 */
export interface ProviderErrors {
  /** 400: the body is not JSON. */
  invalidJson(): JsonReply;
  /** 400: the body is JSON but not a valid request. */
  invalidRequest(message: string, param: string | null): JsonReply;
  /** 404: no such path. */
  notFound(method: string, path: string): JsonReply;
  /** 500: injected `x-fake-fail: 500`, or a bug in the fake. */
  serverError(): JsonReply;
  /** 429 with a `retry-after` header. */
  rateLimited(retryAfterSeconds: number): JsonReply;
}
