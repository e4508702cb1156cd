import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { UpstreamBody, UpstreamResponse } from './upstream-http.ts';

/**
 * One call whose answer is read whole: resolves once the body has ended, rejects with the
 * transport's error (refused, reset, headers or body timeout) or with the signal's reason
 * when the signal aborts first, at once even while the call still waits in the pool for a
 * connection (it is then dropped when its turn comes, before a byte is sent).
 */
export class WholeBodyExchange implements Dispatcher.DispatchHandler {
  readonly #signal: AbortSignal;
  readonly #resolve: (response: UpstreamResponse) => void;
  readonly #reject: (error: unknown) => void;
  readonly #parts: Buffer[] = [];
  #statusCode = 0;
  #headers: IncomingHttpHeaders = {};
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;

  static send(
    dispatcher: Dispatcher,
    options: Dispatcher.DispatchOptions,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      dispatcher.dispatch(options, new WholeBodyExchange(signal, resolve, reject));
    });
  }

  private constructor(
    signal: AbortSignal,
    resolve: (response: UpstreamResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#signal.aborted) controller.abort(this.#signal.reason as Error);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.#statusCode = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#parts.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.#settle()) return;
    this.#resolve({
      statusCode: this.#statusCode,
      headers: this.#headers,
      body: new WholeBody(this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts)),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settle()) this.#reject(error);
  }

  /** True the first time: the call's outcome is decided, the signal no longer matters. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#signal.removeEventListener('abort', this.#onAbort);
    return true;
  }

  readonly #onAbort = (): void => {
    const reason = this.#signal.reason as Error;
    // Queued in the pool there is no controller yet: onRequestStart drops the call later.
    if (this.#controller) this.#controller.abort(reason);
    else if (this.#settle()) this.#reject(reason);
  };
}

/** A body already read to its end. */
class WholeBody implements UpstreamBody {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  text(): Promise<string> {
    return Promise.resolve(this.#bytes.toString('utf8'));
  }

  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.#bytes.toString('utf8')) as unknown);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    yield this.#bytes;
  }
}
