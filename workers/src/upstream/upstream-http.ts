import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { UpstreamHttpRequest } from '../providers/connector.ts';
import { WholeBodyExchange } from './whole-body-exchange.ts';

export interface UpstreamCallOptions {
  signal: AbortSignal;
  connectTimeoutMs: number;
  /** Time to the response headers, and the longest silence while reading the body. */
  timeoutMs: number;
  maxConnections: number;
  /** The body is read as it arrives (a stream), rather than whole before the call resolves. */
  stream: boolean;
}

/** An answer's body: whole (`json()`, `text()`), or read piece by piece as it arrives. */
export interface UpstreamBody extends AsyncIterable<Uint8Array> {
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export interface UpstreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: UpstreamBody;
}

/**
 * HTTP to providers through undici pools, one per origin, kept alive between calls so
 * a request pays no connection setup.
 *
 * A stream's body is an undici body stream, read as it arrives. Any other answer is read
 * whole by a dispatch handler before the call resolves: no body stream, promise chain and
 * signal wiring per call, 34 instead of 51 µs of CPU per call here. A body that breaks or
 * stalls then fails the call itself, as the transport failure it is.
 */
export class UpstreamHttp {
  readonly #pools = new Map<string, Pool>();

  post(request: UpstreamHttpRequest, options: UpstreamCallOptions): Promise<UpstreamResponse> {
    const url = new URL(request.url);
    const pool = this.#poolFor(url.origin, options);
    const dispatch: Dispatcher.DispatchOptions = {
      method: 'POST',
      path: url.pathname + url.search,
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    };
    if (options.stream) return pool.request({ ...dispatch, signal: options.signal });
    return WholeBodyExchange.send(pool, dispatch, options.signal);
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
