import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteName } from '../stats.ts';

/**
 * One request and its response. Knows whether the connection is gone, so that waits
 * (latency, token pacing) end the moment the client leaves instead of running on.
 */
export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly receivedAt: number;
  route: RouteName = 'unknown';
  /** The connection closed (answer done, client gone, or cut by us). */
  closed = false;
  /** The fake itself tore the connection down (reset, stream-cut): not a client abort. */
  cutByServer = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(req: IncomingMessage, res: ServerResponse) {
    this.req = req;
    this.res = res;
    this.receivedAt = Date.now();
  }

  /** Waits `ms`, or less if the connection closes first. */
  pause(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake = null;
        resolve();
      }, ms);
    });
  }

  /** Called once, from the response's `close` event. */
  markClosed(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.wake?.();
    this.wake = null;
  }

  /** Ends the connection without an answer. `reset` sends a TCP RST instead of a FIN. */
  cut(how: 'reset' | 'close'): void {
    this.cutByServer = true;
    const socket = this.req.socket;
    if (how === 'reset' && !socket.destroyed) socket.resetAndDestroy();
    else this.res.destroy();
  }
}
