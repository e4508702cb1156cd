import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoint } from './endpoint.ts';
import { probeNats, probePostgres, probeRedis, tcpConnects } from './probes.ts';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A TCP server that greets each connection with `greeting` and answers any data with `reply`. */
async function fakeServer(options: { greeting?: string; reply?: string }): Promise<Endpoint> {
  const server = createServer((socket) => {
    if (options.greeting) socket.write(options.greeting);
    socket.on('data', () => {
      if (options.reply) socket.write(options.reply);
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return { host: '127.0.0.1', port: address.port };
}

/** A port nothing listens on: one a server just gave back. */
async function closedPort(): Promise<Endpoint> {
  const endpoint = await fakeServer({});
  await new Promise((resolve) => servers.pop()?.close(resolve));
  return endpoint;
}

describe('service detection', () => {
  it('tells a listening port from a closed one', async () => {
    expect(await tcpConnects(await fakeServer({}))).toBe(true);
    expect(await tcpConnects(await closedPort())).toBe(false);
  });

  it('reads whether JetStream is on from the NATS greeting', async () => {
    const withJetStream = await fakeServer({
      greeting: 'INFO {"server_id":"x","version":"2.10.1","jetstream":true}\r\n',
    });
    const without = await fakeServer({ greeting: 'INFO {"server_id":"x","version":"2.10.1"}\r\n' });
    expect(await probeNats(withJetStream)).toEqual({ jetstream: true, version: '2.10.1' });
    expect(await probeNats(without)).toEqual({ jetstream: false, version: '2.10.1' });
  });

  it('does not take a silent or foreign server for NATS or Redis', async () => {
    const silent = await fakeServer({});
    expect(await probeNats(silent, 300)).toBe('not-nats');
    expect(await probeRedis(silent, 300)).toBe('not-redis');
    const http = await fakeServer({ reply: 'HTTP/1.1 400 Bad Request\r\n\r\n' });
    expect(await probeRedis(http)).toBe('not-redis');
  });

  it('takes +PONG and -NOAUTH for Redis', async () => {
    expect(await probeRedis(await fakeServer({ reply: '+PONG\r\n' }))).toBe('ready');
    expect(
      await probeRedis(await fakeServer({ reply: '-NOAUTH Authentication required.\r\n' })),
    ).toBe('ready');
  });

  it('reports closed ports as unreachable', async () => {
    const closed = await closedPort();
    expect(await probeNats(closed)).toBe('unreachable');
    expect(await probeRedis(closed)).toBe('unreachable');
    expect(await probePostgres(`postgres://postgres@127.0.0.1:${closed.port}/test`)).toBe(
      'unreachable',
    );
  });
});

// The CI machine runs PostgreSQL on 5432 with trust authentication; elsewhere this is skipped.
const localPostgres = 'postgres://postgres@127.0.0.1:5432/postgres';
const postgresHere = (await probePostgres(localPostgres)) === 'ready';

describe.skipIf(!postgresHere)('PostgreSQL detection against a real server', () => {
  it('answers select 1, and tells a missing database apart', async () => {
    expect(await probePostgres(localPostgres)).toBe('ready');
    expect(await probePostgres('postgres://postgres@127.0.0.1:5432/no_such_database_here')).toBe(
      'database-missing',
    );
  });
});
