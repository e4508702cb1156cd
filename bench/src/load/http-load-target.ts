import { Pool } from 'undici';
import type { HttpLoadTarget } from './load-job.ts';
import type { LoadRunRecorder } from './load-run-recorder.ts';

/** Enough keep-alive connections that the client never queues below saturation. */
const maxConnectionsPerOrigin = 1024;
const overheadHeader = 'x-alfred-overhead-ms';

/** One keep-alive pool per origin, reused across jobs so slices do not pay connection setup. */
export class HttpLoadClient {
  readonly #pools = new Map<string, Pool>();

  /** Sends one request of `target` due at `dueAt` and reports its outcome to `recorder`. */
  send(target: HttpLoadTarget, dueAt: number, timeoutMs: number, recorder: LoadRunRecorder): void {
    const url = new URL(target.url);
    const sentAt = recorder.started();
    this.#poolFor(url.origin)
      .request({
        method: 'POST',
        path: url.pathname + url.search,
        headers: target.headers,
        body: target.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      .then(async ({ statusCode, headers, body }) => {
        if (statusCode !== 200) {
          const text = await body.text().catch(() => '');
          recorder.failed(`status ${statusCode}`, text.slice(0, 300));
          return;
        }
        recorder.overheadHeader(headers[overheadHeader]);
        if (!target.stream) {
          const bytes = (await body.arrayBuffer()).byteLength;
          recorder.succeeded(dueAt, sentAt, performance.now(), bytes);
          return;
        }
        let firstDataAt: number | undefined;
        let bytes = 0;
        let tail = '';
        for await (const chunk of body as AsyncIterable<Buffer>) {
          if (firstDataAt === undefined && chunk.includes('data:')) firstDataAt = performance.now();
          bytes += chunk.length;
          tail = (tail + chunk.toString('latin1')).slice(-64);
        }
        if (firstDataAt === undefined || !tail.includes('[DONE]')) {
          recorder.failed('stream without [DONE]', tail);
          return;
        }
        recorder.succeeded(dueAt, sentAt, performance.now(), bytes, firstDataAt);
      })
      .catch((error: unknown) => recorder.failed(httpFailureReason(error), String(error)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
    this.#pools.clear();
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

function httpFailureReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return typeof code === 'string' ? code : (error as Error).name;
}
