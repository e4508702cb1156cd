import { randomUUID } from 'node:crypto';
import type { UsageEvent } from '@alfred/contracts';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamUsagePublisher, UsagePublishError } from './jetstream-usage-publisher.ts';

const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
const streamName = `ALFRED_PUBLISHER_TEST_${suffix}`;
const subjectRoot = `alfred.test.${suffix}`;

let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: streamName, subjects: [`${subjectRoot}.usage.>`] });
});
afterAll(async () => {
  await jsm.streams.delete(streamName);
  await nc.close();
});

function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    v: 1,
    requestId: `req-${randomUUID()}`,
    occurredAt: Date.now(),
    orgId: randomUUID(),
    teamId: null,
    userId: null,
    keyId: randomUUID(),
    accountId: randomUUID(),
    model: 'gpt-4o-mini',
    deployment: 'fake-gpt-4o-mini',
    operation: 'chat.completions',
    tokens: { input: 12, output: 4, cachedInput: 0 },
    costMicros: 1_234,
    priceId: null,
    latencyMs: 3.5,
    cacheStatus: 'miss',
    outcome: 'success',
    ...overrides,
  };
}

const toStream = (event: UsageEvent) => `${subjectRoot}.usage.${event.orgId}`;

describe('JetStreamUsagePublisher', () => {
  it('stores each event once, under its request id, and resolves when JetStream has it', async () => {
    const publisher = new JetStreamUsagePublisher(nc, { subjectOf: toStream });
    const events = Array.from({ length: 50 }, () => usageEvent());
    const before = (await jsm.streams.info(streamName)).state.messages;

    await Promise.all(events.map((event) => publisher.publish(event)));
    // A retried publish (same request id) is acknowledged and dropped by the duplicate window.
    await publisher.publish(events[0]!);

    expect((await jsm.streams.info(streamName)).state.messages).toBe(before + 50);
    const stored = await jsm.streams.getMessage(streamName, {
      last_by_subj: toStream(events[49]!),
    });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(events[49]!.requestId);
    expect(stored?.json<UsageEvent>()).toEqual(events[49]);
    publisher.close();
  });

  it('fails when no stream takes the subject, after its retries', async () => {
    const publisher = new JetStreamUsagePublisher(nc, {
      subjectOf: () => `${subjectRoot}.nowhere`,
      attempts: 2,
    });
    await expect(publisher.publish(usageEvent())).rejects.toThrow(
      new UsagePublishError('no JetStream stream takes usage events on this subject'),
    );
    publisher.close();
  });

  it('fails when JetStream refuses the event', async () => {
    // Something that answers like JetStream refusing (a full stream, a wrong expected sequence).
    const subject = `${subjectRoot}.refusing`;
    const refuser = nc.subscribe(subject, {
      callback: (_error, msg) => {
        msg.respond(
          JSON.stringify({ error: { code: 503, description: 'maximum messages exceeded' } }),
        );
      },
    });
    const publisher = new JetStreamUsagePublisher(nc, { subjectOf: () => subject, attempts: 1 });
    await expect(publisher.publish(usageEvent())).rejects.toThrow(/refused.*maximum messages/);
    refuser.unsubscribe();
    publisher.close();
  });

  it('gives up on an acknowledgement that does not come, and retries', async () => {
    // A subscriber that never answers stands for a JetStream that lost the publish.
    const subject = `${subjectRoot}.silent`;
    let received = 0;
    const silent = nc.subscribe(subject, {
      callback: () => {
        received++;
      },
    });
    const publisher = new JetStreamUsagePublisher(nc, {
      subjectOf: () => subject,
      attempts: 2,
      ackTimeoutMs: 100,
    });
    const started = performance.now();
    await expect(publisher.publish(usageEvent())).rejects.toThrow(/did not acknowledge/);
    expect(received).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    silent.unsubscribe();
    publisher.close();
  });

  it('fails the events still waiting when it is closed', async () => {
    const subject = `${subjectRoot}.closing`;
    const silent = nc.subscribe(subject, { callback: () => undefined });
    const publisher = new JetStreamUsagePublisher(nc, { subjectOf: () => subject, attempts: 1 });
    const publishing = publisher.publish(usageEvent());
    await nc.flush();
    publisher.close();
    await expect(publishing).rejects.toThrow(UsagePublishError);
    silent.unsubscribe();
  });
});
