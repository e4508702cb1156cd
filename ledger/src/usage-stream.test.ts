import { createLogger } from '@alfred/telemetry';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Gauge, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchLedgerLag } from './ledger-lag.ts';
import {
  isolatedStreamNames,
  publishUsageEvents,
  usageEvent,
} from './test-support/usage-fixtures.ts';
import { waitUntil } from './test-support/waiting.ts';
import { deleteUsageStream, ensureUsageStream } from '@alfred/usage-stream';

let nc: NatsConnection;
const names = isolatedStreamNames();

beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
});
afterAll(async () => {
  await deleteUsageStream(nc, names.streamName);
  await deleteUsageStream(nc, names.streamName); // already gone: fine
  await nc.close();
});

describe('the usage stream', () => {
  it('is created once, as a file-backed work queue with a duplicate window, and kept as it is', async () => {
    await ensureUsageStream(nc, names, { ackWaitMs: 5_000 });
    await ensureUsageStream(nc, names, { ackWaitMs: 5_000 });
    // A ledger started with other settings leaves the existing stream and consumer alone.
    await ensureUsageStream(nc, names, { ackWaitMs: 9_000, duplicateWindowMs: 200_000 });

    const jsm = await jetstreamManager(nc);
    const stream = await jsm.streams.info(names.streamName);
    expect(stream.config).toMatchObject({
      subjects: [names.subjects],
      storage: 'file',
      retention: 'workqueue',
      duplicate_window: 300_000_000_000,
    });
    const consumer = await jsm.consumers.info(names.streamName, names.consumerName);
    expect(consumer.config).toMatchObject({
      durable_name: names.consumerName,
      ack_policy: 'explicit',
      ack_wait: 5_000_000_000,
    });
  });

  it('reports the ledger lag: events not yet written', async () => {
    const gauge = new Gauge({ name: 'lag', help: 'lag', registers: [new Registry()] });
    const stop = watchLedgerLag(nc, names, gauge, createLogger('test', { level: 'silent' }), 20);
    const wallet = {
      orgId: crypto.randomUUID(),
      accountId: crypto.randomUUID(),
      keyId: crypto.randomUUID(),
    };
    await publishUsageEvents(
      jetstream(nc),
      names,
      Array.from({ length: 25 }, () => usageEvent(wallet)),
    );
    await waitUntil('the gauge shows 25', async () => (await gauge.get()).values[0]?.value === 25);
    stop();

    const missing = new Gauge({ name: 'lag2', help: 'lag', registers: [new Registry()] });
    const stopMissing = watchLedgerLag(
      nc,
      { streamName: 'NO_SUCH_STREAM', consumerName: 'none' },
      missing,
      createLogger('test', { level: 'silent' }),
    );
    stopMissing();
  });
});
