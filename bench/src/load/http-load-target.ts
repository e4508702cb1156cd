import { Pool, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpLoadTarget } from './load-job.ts';
import type { LoadRunRecorder } from './load-run-recorder.ts';

/** Enough keep-alive connections that the client never queues below saturation. */
const maxConnectionsPerOrigin = 1024;
const overheadHeader = 'x-alfred-overhead-ms';
const errorTextKept = 300;

/**
 * One keep-alive pool per origin, reused across jobs so slices do not pay connection setup.
 *
 * Requests go through undici's `dispatch()` with a handler rather than `request()`: no
 * body stream, promise chain or async iterator per request. The load generator shares the
 * two cores with the processes it measures, so every microsecond it spends is taken from
 * them; `request()` cost it about 0.18 ms of CPU per request.
 */
export class HttpLoadClient {
  readonly #pools = new Map<string, Pool>();
  readonly #urls = new Map<string, URL>();

  /** Sends one request of `target` due at `dueAt` and reports its outcome to `recorder`. */
  send(target: HttpLoadTarget, dueAt: number, timeoutMs: number, recorder: LoadRunRecorder): void {
    const url = this.#urlOf(target.url);
    const sentAt = recorder.started();
    this.#poolFor(url.origin).dispatch(
      {
        method: 'POST',
        path: url.pathname + url.search,
        headers: target.headers,
        body: target.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      new LoadExchange(target.stream, dueAt, sentAt, recorder),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
    this.#pools.clear();
  }

  #urlOf(href: string): URL {
    let url = this.#urls.get(href);
    if (!url) {
      url = new URL(href);
      this.#urls.set(href, url);
    }
    return url;
  }

  #poolFor(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: maxConnectionsPerOrigin,
        pipelining: 1,
        keepAliveTimeout: 60_000,
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }
}

/**
 * One request's answer as it arrives: a 200 succeeds when its body has ended (a stream
 * only if it had a `data:` frame and ended with `[DONE]`); anything else fails with the
 * start of its body as the detail.
 */
class LoadExchange implements Dispatcher.DispatchHandler {
  readonly #stream: boolean;
  readonly #dueAt: number;
  readonly #sentAt: number;
  readonly #recorder: LoadRunRecorder;
  #status = 0;
  #bytes = 0;
  #firstDataAt: number | undefined;
  /** The stream's last bytes (to find `[DONE]`), or an error answer's first ones. */
  #text = '';

  constructor(stream: boolean, dueAt: number, sentAt: number, recorder: LoadRunRecorder) {
    this.#stream = stream;
    this.#dueAt = dueAt;
    this.#sentAt = sentAt;
    this.#recorder = recorder;
  }

  /** Present so undici treats this as a handler of its current API (and never retries it). */
  onRequestStart(): void {}

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.#status = statusCode;
    if (statusCode === 200) this.#recorder.overheadHeader(headers[overheadHeader]);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#status !== 200) {
      if (this.#text.length < errorTextKept) this.#text += chunk.toString('utf8');
      return;
    }
    if (!this.#stream) return;
    if (this.#firstDataAt === undefined && chunk.includes('data:'))
      this.#firstDataAt = performance.now();
    this.#text = (this.#text + chunk.toString('latin1')).slice(-64);
  }

  onResponseEnd(): void {
    if (this.#status !== 200) {
      this.#recorder.failed(`status ${this.#status}`, this.#text.slice(0, errorTextKept));
      return;
    }
    if (this.#stream && (this.#firstDataAt === undefined || !this.#text.includes('[DONE]'))) {
      this.#recorder.failed('stream without [DONE]', this.#text);
      return;
    }
    const answeredAt = performance.now();
    this.#recorder.succeeded(this.#dueAt, this.#sentAt, answeredAt, this.#bytes, this.#firstDataAt);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#recorder.failed(httpFailureReason(error), String(error));
  }
}

function httpFailureReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return typeof code === 'string' ? code : (error as Error).name;
}
