import { connect, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  decodeMessage,
  gatewayErrors,
  StreamAckSchema,
  subjects,
  WorkRequestSchema,
  type GatewayConfig,
  type WorkerPingReply,
  type WorkRequest,
} from '@alfred/contracts';
import { followGatewayConfig } from '@alfred/config';
import { LargePayloadStore } from '@alfred/large-payloads';
import { defaultUsageStreamNames, ensureUsageStream } from '@alfred/usage-stream';
import type { Logger } from '@alfred/telemetry';
import { RequestSettlement, type BillingOutlets } from './billing/request-settlement.ts';
import { ReplyChannel } from './replies/reply-channel.ts';
import { DeploymentUsage } from './routing/deployment-usage.ts';
import { RoutePlanner } from './routing/route-plan.ts';
import { serveChatCompletion } from './serving/serve-chat-completion.ts';
import { serveEmbeddings } from './serving/serve-embeddings.ts';
import { answerHeaders, type ServeContext } from './serving/serve-context.ts';
import type { WorkerSettings } from './settings.ts';
import type { Resilience } from './serving/planned-attempts.ts';
import type { Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import type { DeploymentHealth } from './resilience/deployment-health.ts';
import type { ResponseCache } from './cache/response-cache.ts';
import { reportFailure } from './serving/failure-reply.ts';
import { createServingState } from './serving/serving-state.ts';
import { UpstreamHttp } from './upstream/upstream-http.ts';
import { serviceNatsOptions } from '@alfred/service-process';

export interface WorkerLoad {
  capacity: number;
  inFlight: number;
  queued: number;
  /** Drain (or kill) has begun: no new work is taken. */
  draining: boolean;
}

export interface HeldReplies {
  subjects: string[];
  /** There were more than the limit. */
  truncated: boolean;
}

interface InFlight {
  abort: AbortController;
  channel: ReplyChannel;
}

/**
 * One worker process of a pool: takes work from the pool's queue group, serves at most
 * `concurrency` requests at once (the rest wait in a local queue), answers pings, obeys
 * cancellations, and on drain finishes everything it accepted before it stops.
 */
export class PoolWorker {
  readonly #settings: WorkerSettings;
  readonly #nc: NatsConnection;
  readonly #log: Logger;
  /** Replaced whole by a new config; each request keeps the one it started with. */
  #router: RoutePlanner;
  /** rpm/tpm counts, kept across config swaps. */
  readonly #usage = new DeploymentUsage();
  /** Circuits, in-flight counts and latency per deployment; routing reads it as its load. */
  readonly #resilience: Resilience;
  /** Exact and semantic answer caches, on a Redis connection of their own. */
  readonly #cacheRedis: Redis;
  readonly #cache: ResponseCache;
  readonly #http = new UpstreamHttp();
  readonly #inFlight = new Map<string, InFlight>();
  readonly #queue: Msg[] = [];
  readonly #subscriptions: Subscription[] = [];
  readonly #largePayloads: LargePayloadStore;
  readonly #billing: BillingOutlets | undefined;
  #requests: Subscription | undefined;
  #idle: (() => void) | undefined;
  #stopped: Promise<void> | undefined;

  static async start(
    settings: WorkerSettings,
    config: GatewayConfig,
    log: Logger,
    /** Without it requests are served and not charged (tests of the plain path). */
    billing?: (nc: NatsConnection) => BillingOutlets,
    /** Where provider metrics go (alfred_provider_*); none without it. */
    registry?: Registry,
  ): Promise<PoolWorker> {
    const nc = await connect(serviceNatsOptions(settings.natsUrl, settings.workerId));
    // Usage must have somewhere to wait even before the first ledger ever started.
    if (billing) await ensureUsageStream(nc, defaultUsageStreamNames);
    // The live config, when one is published, wins over the file from the first request on.
    const live: { config: GatewayConfig; worker?: PoolWorker } = { config };
    if (settings.configKey) {
      await followGatewayConfig(nc, settings.configKey, log, (next) => {
        if (live.worker) live.worker.replaceConfig(next);
        else live.config = next;
      });
    }
    const worker = new PoolWorker(
      settings,
      nc,
      live.config,
      log,
      await LargePayloadStore.open(nc),
      billing?.(nc),
      registry,
    );
    live.worker = worker;
    await nc.flush();
    log.info(
      { pool: settings.pool, workerId: settings.workerId, concurrency: settings.concurrency },
      'worker ready',
    );
    return worker;
  }

  constructor(
    settings: WorkerSettings,
    nc: NatsConnection,
    config: GatewayConfig,
    log: Logger,
    largePayloads: LargePayloadStore,
    billing?: BillingOutlets,
    registry?: Registry,
  ) {
    this.#settings = settings;
    this.#largePayloads = largePayloads;
    this.#billing = billing;
    this.#nc = nc;
    this.#log = log;
    const shared = createServingState(settings, registry, () => ({
      router: this.#router,
      http: this.#http,
    }));
    this.#resilience = shared.resilience;
    this.#cacheRedis = shared.cacheRedis;
    this.#cache = shared.cache;
    this.#router = new RoutePlanner(config, { usage: this.#usage, load: this.#resilience.health });
    const queue = subjects.poolQueueGroup(settings.pool);
    this.#requests = nc.subscribe(subjects.poolRequests(settings.pool), {
      queue,
      callback: (_error, msg) => this.#accept(msg),
    });
    this.#subscriptions.push(
      nc.subscribe(subjects.poolPing(settings.pool), {
        queue,
        callback: (_error, msg) => {
          msg.respond(JSON.stringify(this.status()));
        },
      }),
      nc.subscribe(subjects.cancel, {
        callback: (_error, msg) => this.#cancel(msg.string()),
      }),
      nc.subscribe(`${subjects.streamControl(settings.workerId, 'x').slice(0, -1)}*`, {
        callback: (_error, msg) => this.#acknowledge(msg),
      }),
    );
  }

  /** Routes requests that arrive from now on with `config`; requests in flight keep the old one. */
  replaceConfig(config: GatewayConfig): void {
    this.#router = new RoutePlanner(config, { usage: this.#usage, load: this.#resilience.health });
    this.#resilience.health.retainOnly(new Set(config.deployments.map((d) => d.id)));
  }

  /** Per-deployment circuits and statistics of this process (heartbeats, tests). */
  get health(): DeploymentHealth {
    return this.#resilience.health;
  }

  status(): WorkerPingReply {
    return {
      workerId: this.#settings.workerId,
      pool: this.#settings.pool,
      inFlight: this.#inFlight.size,
      capacity: this.#settings.concurrency,
    };
  }

  /** How busy the process is, for its heartbeat (read, never changed, from outside). */
  load(): WorkerLoad {
    return {
      capacity: this.#settings.concurrency,
      inFlight: this.#inFlight.size,
      queued: this.#queue.length,
      draining: this.#stopped !== undefined,
    };
  }

  /**
   * Reply subjects of the requests this process holds, serving and queued (at most
   * `limit`): its heartbeat lists them so ingress can tell a lost request from a slow one.
   */
  heldReplies(limit: number): HeldReplies {
    const subjects: string[] = [];
    for (const entry of this.#inFlight.values()) {
      if (subjects.length === limit) return { subjects, truncated: true };
      subjects.push(entry.channel.replyTo);
    }
    for (const msg of this.#queue) {
      if (!msg.reply) continue;
      if (subjects.length === limit) return { subjects, truncated: true };
      subjects.push(msg.reply);
    }
    return { subjects, truncated: false };
  }

  /**
   * Stops taking work, finishes what was accepted (in flight and queued), then closes.
   * Requests still running after `drainTimeoutMs` are abandoned.
   */
  drain(): Promise<void> {
    this.#stopped ??= this.#drainOnce();
    return this.#stopped;
  }

  async #drainOnce(): Promise<void> {
    const requests = this.#requests;
    this.#requests = undefined;
    if (requests) await requests.drain();
    if (this.#inFlight.size > 0 || this.#queue.length > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (this.#idle = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, this.#settings.drainTimeoutMs).unref()),
      ]);
    }
    await this.#nc.drain();
    await this.#http.close();
    this.#cacheRedis.disconnect();
  }

  /** Stops at once, abandoning requests in flight (tests simulate a crash with it). */
  kill(): Promise<void> {
    this.#stopped ??= this.#killOnce();
    return this.#stopped;
  }

  async #killOnce(): Promise<void> {
    for (const entry of this.#inFlight.values()) entry.abort.abort();
    await this.#nc.close();
    await this.#http.close();
    this.#cacheRedis.disconnect();
  }

  #accept(msg: Msg): void {
    if (this.#inFlight.size < this.#settings.concurrency) void this.#serve(msg);
    else this.#queue.push(msg);
  }

  async #serve(msg: Msg): Promise<void> {
    let work: WorkRequest;
    try {
      work = WorkRequestSchema.parse(msg.json());
    } catch (error) {
      this.#log.error({ err: error }, 'malformed work request');
      if (msg.reply) new ReplyChannel(this.#nc, msg.reply, '').fail(gatewayErrors.internal());
      this.#next();
      return;
    }
    if (!msg.reply) {
      this.#next();
      return;
    }
    const channel = new ReplyChannel(
      this.#nc,
      msg.reply,
      subjects.streamControl(this.#settings.workerId, work.id),
    );
    // Which process served: operators and the pool tests read it.
    channel.setHeader(answerHeaders.worker, this.#settings.workerId);
    const abort = new AbortController();
    const settlement = new RequestSettlement(work, this.#billing);
    this.#inFlight.set(work.id, { abort, channel });
    const ctx: ServeContext = {
      work,
      channel,
      router: this.#router,
      http: this.#http,
      signal: abort.signal,
      log: this.#log,
      settlement,
      resilience: this.#resilience,
      cache: this.#cache,
    };
    try {
      if (Date.now() >= work.deadline) throw gatewayErrors.upstreamTimeout(0);
      if (work.bodyRef !== undefined) {
        work.body = JSON.parse(
          Buffer.from(await this.#largePayloads.take(work.bodyRef)).toString('utf8'),
        );
      }
      if (work.operation === 'chat.completions') await serveChatCompletion(ctx);
      else await serveEmbeddings(ctx);
    } catch (error) {
      reportFailure(this.#log, work, channel, abort.signal, error);
    } finally {
      // Whatever was not charged is given back (failed calls, clients gone before any byte).
      await settlement.release();
      this.#inFlight.delete(work.id);
      this.#next();
    }
  }

  #next(): void {
    const msg = this.#queue.shift();
    if (msg) {
      void this.#serve(msg);
      return;
    }
    if (this.#inFlight.size === 0 && this.#idle) this.#idle();
  }

  #cancel(requestId: string): void {
    const entry = this.#inFlight.get(requestId);
    if (!entry) return;
    entry.abort.abort();
    entry.channel.abort();
  }

  #acknowledge(msg: Msg): void {
    const requestId = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
    const entry = this.#inFlight.get(requestId);
    if (!entry) return;
    const ack = decodeMessage(StreamAckSchema, msg.string());
    if (ack) entry.channel.acknowledge(ack.seq);
  }
}
