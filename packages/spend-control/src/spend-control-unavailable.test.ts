import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { failFastRedisOptions } from './fail-fast-redis-options.ts';
import { SpendControl } from './spend-control.ts';
import { SpendControlUnavailableError } from './spend-control-unavailable-error.ts';
import { admission, id } from './test-support/spend-fixture.ts';

const noSeed = async () => [];

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when Redis cannot answer', () => {
  const clients: Redis[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  it('refuses at once with SpendControlUnavailableError when Redis is unreachable', async () => {
    const redis = new Redis({ port: await closedPort(), ...failFastRedisOptions });
    redis.on('error', () => {});
    clients.push(redis);
    const spend = new SpendControl(redis, { seed: noSeed });

    const started = performance.now();
    const failure = await spend.admit(admission(id(), 1000)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SpendControlUnavailableError);
    expect(failure).toMatchObject({
      status: 503,
      code: 'spend_control_unavailable',
      message: expect.stringContaining('Redis is unavailable, so requests cannot be billed'),
    });
    expect(performance.now() - started).toBeLessThan(200);
    await expect(spend.settle('req-1', { costMicros: 5 })).rejects.toThrow(
      SpendControlUnavailableError,
    );
    await expect(spend.expireReservations()).rejects.toThrow(SpendControlUnavailableError);
  });

  it('gives up after the command deadline when Redis accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const redis = new Redis({ port });
    redis.on('error', () => {});
    clients.push(redis);
    const spend = new SpendControl(redis, { seed: noSeed, commandTimeoutMs: 100 });

    const started = performance.now();
    await expect(spend.admit(admission(id(), 1000))).rejects.toThrow(
      new SpendControlUnavailableError('Redis did not answer within 100 ms'),
    );

    expect(performance.now() - started).toBeLessThan(500);
    for (const socket of sockets) socket.destroy();
  });

  it('refuses a client that would prefix keys behind its back', () => {
    const redis = new Redis({ lazyConnect: true, keyPrefix: 'other:' });
    clients.push(redis);

    expect(() => new SpendControl(redis, { seed: noSeed })).toThrow(/keyPrefix/);
  });
});
