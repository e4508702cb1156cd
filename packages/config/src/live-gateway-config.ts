import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { GatewayConfigSchema, type GatewayConfig } from '@alfred/contracts';
import { ConfigError } from './config-error.ts';

/**
 * The gateway config, live: the whole document as JSON under one key of a JetStream KV
 * bucket. Every worker and ingress watches the key and swaps its routing when it changes,
 * without a restart; a process that starts later reads the latest value first.
 */
export const configBucket = 'alfred_config';
/** The key a deployment uses unless ALFRED_CONFIG_KEY names another (a test, a staging set). */
export const defaultConfigKey = 'gateway';

/** The bucket, created on first use by whoever comes first (same options everywhere). */
async function openConfigBucket(nc: NatsConnection, bucket: string): Promise<KV> {
  return new Kvm(nc).create(bucket, { history: 10 });
}

export interface WatchGatewayConfigOptions {
  key: string;
  bucket?: string;
  /** A new valid config; `revision` is the KV revision it was stored at. */
  onConfig(config: GatewayConfig, revision: number): void;
  /** A config that failed validation (or `onConfig` threw on it): the previous one stays. */
  onRejected(problems: readonly string[], revision: number): void;
}

export interface GatewayConfigWatch {
  stop(): void;
}

/**
 * Delivers the key's current value (if any) to `onConfig` before it resolves, then every
 * later one. A document is taken whole or not at all: invalid JSON or a schema problem
 * rejects it and nothing of it applies. Deleting the key changes nothing (the last config
 * stays until the next put or restart). The watch ends with the connection.
 */
export async function watchGatewayConfig(
  nc: NatsConnection,
  options: WatchGatewayConfigOptions,
): Promise<GatewayConfigWatch> {
  const kv = await openConfigBucket(nc, options.bucket ?? configBucket);
  let applied = 0;
  const take = (entry: KvEntry): void => {
    if (entry.operation !== 'PUT' || entry.revision <= applied) return;
    applied = entry.revision;
    const problems = problemsOf(entry.value, (config) => options.onConfig(config, entry.revision));
    if (problems) options.onRejected(problems, entry.revision);
  };
  const current = await kv.get(options.key);
  if (current) take(current);
  // From just after the value read above, so a put in between is not missed.
  const updates = await kv.watch({
    key: options.key,
    ...(current ? { resumeFromRevision: current.revision + 1 } : {}),
  });
  void (async () => {
    for await (const entry of updates) take(entry);
  })();
  return { stop: () => updates.stop() };
}

/** Validates, then stores the config under `key`; returns its revision. Throws ConfigError when invalid. */
export async function publishGatewayConfig(
  nc: NatsConnection,
  config: unknown,
  key: string = defaultConfigKey,
  bucket: string = configBucket,
): Promise<number> {
  const result = GatewayConfigSchema.safeParse(config);
  if (!result.success) {
    throw new ConfigError(`the config for key '${key}'`, result.error.issues.map(describeIssue));
  }
  const kv = await openConfigBucket(nc, bucket);
  return kv.put(key, JSON.stringify(result.data));
}

function problemsOf(
  value: Uint8Array,
  apply: (config: GatewayConfig) => void,
): readonly string[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(value));
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  const result = GatewayConfigSchema.safeParse(document);
  if (!result.success) return result.error.issues.map(describeIssue);
  try {
    apply(result.data);
  } catch (error) {
    return [`could not be applied: ${(error as Error).message}`];
  }
  return undefined;
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const path = issue.path.map(String).join('.');
  return `${path || '(top level)'}: ${issue.message}`;
}
