import { Pool, type Dispatcher } from 'undici';
import type { UpstreamHttpRequest } from '../providers/connector.ts';

export interface UpstreamCallOptions {
  signal: AbortSignal;
  connectTimeoutMs: number;
  /** Time to the response headers, and the longest silence while reading the body. */
  timeoutMs: number;
  maxConnections: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * HTTP to providers through undici pools, one per origin, kept alive between calls so
 * a request pays no connection setup.
 */
export class UpstreamHttp {
  readonly #pools = new Map<string, Pool>();

  post(request: UpstreamHttpRequest, options: UpstreamCallOptions): Promise<UpstreamResponse> {
    const url = new URL(request.url);
    return this.#poolFor(url.origin, options).request({
      method: 'POST',
      path: url.pathname + url.search,
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      signal: options.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
    this.#pools.clear();
  }

  #poolFor(origin: string, options: UpstreamCallOptions): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: options.maxConnections,
        connectTimeout: options.connectTimeoutMs,
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }
}

/** Response headers as a plain lower-cased record (what connectors' parseError expects). */
export function headerRecord(headers: UpstreamResponse['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}
