import { connect, type Socket } from 'node:net';
import pg from 'pg';
import type { Endpoint } from './endpoint.ts';

/** Whether something accepts TCP connections at the endpoint. */
export async function tcpConnects(endpoint: Endpoint, timeoutMs = 1_000): Promise<boolean> {
  const reply = await converse(endpoint, { kind: 'connect' }, timeoutMs);
  return reply !== 'unreachable';
}

export type NatsProbe = 'unreachable' | 'not-nats' | { jetstream: boolean; version: string };

/** A NATS server greets every connection with `INFO {json}`; that says whether JetStream is on. */
export async function probeNats(endpoint: Endpoint, timeoutMs = 1_000): Promise<NatsProbe> {
  const reply = await converse(endpoint, { kind: 'first-line' }, timeoutMs);
  if (reply === 'unreachable') return reply;
  const match = /^INFO\s+(\{.*\})/.exec(reply ?? '');
  if (!match?.[1]) return 'not-nats';
  try {
    const info = JSON.parse(match[1]) as { jetstream?: boolean; version?: string };
    return { jetstream: info.jetstream === true, version: info.version ?? 'unknown' };
  } catch {
    return 'not-nats';
  }
}

export type RedisProbe = 'unreachable' | 'not-redis' | 'ready';

/** Redis answers PING with +PONG (or with -NOAUTH when it wants a password: still Redis). */
export async function probeRedis(endpoint: Endpoint, timeoutMs = 1_000): Promise<RedisProbe> {
  const reply = await converse(endpoint, { kind: 'first-line', send: 'PING\r\n' }, timeoutMs);
  if (reply === 'unreachable') return reply;
  return reply?.startsWith('+PONG') || reply?.startsWith('-NOAUTH') ? 'ready' : 'not-redis';
}

export type PostgresProbe =
  | 'ready'
  | 'unreachable'
  | 'database-missing'
  /** It answers but refuses us (authentication, permissions): starting another won't help. */
  | { problem: string };

/** A real `select 1` with the URL's credentials and database. */
export async function probePostgres(
  databaseUrl: string,
  timeoutMs = 2_000,
): Promise<PostgresProbe> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
  });
  client.on('error', () => {}); // a dropped connection after the probe is not our concern
  try {
    await client.connect();
    await client.query('select 1');
    return 'ready';
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000') return 'database-missing'; // invalid_catalog_name
    // 57P03: the server is starting up or shutting down; the rest are network failures.
    if (code === '57P03' || isNetworkError(error)) return 'unreachable';
    return { problem: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  if (
    code &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)
  ) {
    return true;
  }
  return /timeout|terminated unexpectedly|Connection terminated/i.test((error as Error).message);
}

/** Whether `url` answers a GET with 200. */
export async function answers200(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

type Conversation = { kind: 'connect' } | { kind: 'first-line'; send?: string };

/**
 * Connects and, for `first-line`, optionally sends a line and returns the first line received:
 * null when the server accepted the connection but said nothing in time, 'unreachable' when no
 * connection could be made. For `connect`, returns '' once connected.
 */
function converse(
  endpoint: Endpoint,
  conversation: Conversation,
  timeoutMs: number,
): Promise<string | null | 'unreachable'> {
  return new Promise((resolve) => {
    let received = '';
    let connected = false;
    const socket: Socket = connect({ host: endpoint.host, port: endpoint.port });
    const finish = (result: string | null | 'unreachable'): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish(connected ? null : 'unreachable'));
    socket.once('error', () => finish(connected ? received || null : 'unreachable'));
    socket.once('connect', () => {
      connected = true;
      if (conversation.kind === 'connect') finish('');
      else if (conversation.send) socket.write(conversation.send);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end >= 0) finish(received.slice(0, end).replace(/\r$/, ''));
    });
    socket.once('end', () => finish(received || null));
  });
}
