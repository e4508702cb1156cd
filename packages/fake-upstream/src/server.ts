import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultBehavior, FailureSchedule, failureModes } from './behavior.ts';
import type { FakeBehavior } from './behavior.ts';
import type { EndpointSettings } from './endpoint.ts';
import { defaultModelSettings } from './model/generation.ts';
import { serveExchange } from './request-pipeline.ts';
import type { ServerState } from './request-pipeline.ts';
import { ABORTS_KEPT, emptyStats } from './stats.ts';
import type { FakeUpstreamStats } from './stats.ts';
import { Exchange } from './transport/exchange.ts';

/** How long an idle keep-alive connection stays open (providers: a minute or more). */
const idleConnectionTimeoutMs = 120_000;

export interface FakeUpstreamOptions {
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The global behaviour to start with (defaults: no latency, no pacing, no failures). */
  behavior?: Partial<FakeBehavior>;
  /** Length range of plain-text answers in tokens; default 20–60. */
  answerTokens?: { min: number; max: number };
  /** Size of OpenAI embeddings when the request has no `dimensions`; default 1536. */
  embeddingDimensions?: number;
  /** What GET /v1/models lists (every model name is answered regardless). */
  models?: string[];
  /** Clock for `created` fields, in epoch ms; default Date.now. */
  now?: () => number;
  /** Called with errors the fake did not expect (a bug); default: a JSON line on stderr. */
  onUnexpectedError?: (error: unknown) => void;
}

export interface FakeUpstream {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  /** Live counters, updated in place. */
  stats: FakeUpstreamStats;
  /** The current global behaviour. */
  readonly behavior: FakeBehavior;
  /** Changes the global behaviour (fields left out keep their value) and restarts failRate counting. */
  setBehavior(behavior: Partial<FakeBehavior>): void;
  /** Zeroes the counters (the `stats` object stays the same). */
  resetStats(): void;
  /** Stops listening and drops every open connection, hanging `timeout` requests included. */
  close(): Promise<void>;
}

export const defaultModels = [
  'gpt-4o-mini',
  'gpt-4o',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'claude-sonnet-4-5',
  'gemini-2.5-flash',
];

/** Checks a behaviour from code (headers and env are checked where they are parsed). */
function checkedBehavior(base: FakeBehavior, change: Partial<FakeBehavior>): FakeBehavior {
  const next = { ...base, ...change };
  const nonNegative = (name: keyof FakeBehavior) => {
    const value = next[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(
        `FakeBehavior.${name} must be a non-negative number, got ${String(value)}`,
      );
    }
  };
  nonNegative('latencyMs');
  nonNegative('tokensPerSecond');
  nonNegative('retryAfterSeconds');
  nonNegative('failRate');
  if (next.failRate > 1)
    throw new TypeError(`FakeBehavior.failRate must be at most 1, got ${next.failRate}`);
  if (next.fail !== null && !(failureModes as readonly string[]).includes(next.fail)) {
    throw new TypeError(`FakeBehavior.fail must be one of ${failureModes.join(', ')} or null`);
  }
  return next;
}

function reportToStderr(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'error', msg: 'fake upstream bug', error: message })}\n`,
  );
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const host = options.host ?? '127.0.0.1';
  const settings: EndpointSettings = {
    answerTokens: options.answerTokens ?? defaultModelSettings.answerTokens,
    embeddingDimensions: options.embeddingDimensions ?? 1536,
    models: options.models ?? defaultModels,
  };
  const stats = emptyStats();
  const state: ServerState = {
    behavior: checkedBehavior(defaultBehavior, options.behavior ?? {}),
    schedule: new FailureSchedule(),
    stats,
    settings,
    now: options.now ?? Date.now,
    answers: 0,
    reportError: options.onUnexpectedError ?? reportToStderr,
  };
  let closing = false;

  const server = createServer({ noDelay: true }, (req, res) => {
    stats.requests++;
    stats.inFlight++;
    const exchange = new Exchange(req, res);
    res.once('close', () => {
      stats.inFlight--;
      exchange.markClosed();
      if (res.writableFinished) stats.completed++;
      else if (!exchange.cutByServer && !closing) {
        stats.aborted++;
        stats.aborts.push({
          route: exchange.route,
          receivedAt: exchange.receivedAt,
          abortedAt: Date.now(),
        });
        if (stats.aborts.length > ABORTS_KEPT) stats.aborts.shift();
      }
    });
    serveExchange(exchange, state).catch(state.reportError);
  });

  // Providers keep idle connections open far longer than Node's 5 s default; a fake that
  // closed them after 5 s would make every pause in a client's traffic cost a reconnect storm.
  server.keepAliveTimeout = idleConnectionTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats,
    get behavior() {
      return state.behavior;
    },
    setBehavior(change) {
      state.behavior = checkedBehavior(state.behavior, change);
      state.schedule.restart();
    },
    resetStats() {
      Object.assign(stats, emptyStats(), { inFlight: stats.inFlight });
    },
    close() {
      closing = true;
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
