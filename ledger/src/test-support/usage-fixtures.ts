import { randomUUID } from 'node:crypto';
import { ensureWallet, topUp } from '@alfred/accounting';
import type { UsageEvent } from '@alfred/contracts';
import { ensureOrganization } from '@alfred/database';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { DatabasePool } from 'slonik';
import type { UsageStreamNames } from '@alfred/usage-stream';

/** An organization of its own, with a funded wallet, for one test file or benchmark run. */
export interface FundedWallet {
  orgId: string;
  accountId: string;
  keyId: string;
}

export async function createFundedWallet(
  pool: DatabasePool,
  micros: number,
  label = 'ledger test',
): Promise<FundedWallet> {
  const orgId = await ensureOrganization(pool, `ledger-test-${randomUUID()}`, label);
  const accountId = await ensureWallet(pool, { orgId });
  await topUp(pool, { id: randomUUID(), accountId, amountMicros: micros, memo: label });
  return { orgId, accountId, keyId: randomUUID() };
}

let nextRequest = 0;

/** A valid usage event charged to `wallet`; each call is a new request unless overridden. */
export function usageEvent(wallet: FundedWallet, overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    v: 1,
    requestId: `req-${randomUUID()}-${nextRequest++}`,
    occurredAt: Date.now(),
    orgId: wallet.orgId,
    teamId: null,
    userId: null,
    keyId: wallet.keyId,
    accountId: wallet.accountId,
    model: 'gpt-4o-mini',
    deployment: 'fake-gpt-4o-mini',
    operation: 'chat.completions',
    tokens: { input: 120, output: 40, cachedInput: 0 },
    costMicros: 1 + Math.floor(Math.random() * 5_000),
    priceId: null,
    latencyMs: 12.5,
    cacheStatus: 'miss',
    outcome: 'success',
    ...overrides,
  };
}

/** Stream, subjects and consumer nobody else uses. */
export function isolatedStreamNames(): UsageStreamNames {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  return {
    streamName: `ALFRED_USAGE_TEST_${suffix}`,
    subjects: `alfred.test.${suffix}.usage.>`,
    consumerName: `ledger-test-${suffix}`,
  };
}

export const subjectFor = (names: UsageStreamNames, orgId: string): string =>
  names.subjects.replace(/>$/, orgId);

/**
 * Publishes like a worker does (Nats-Msg-Id = request id, unless `msgId` is false), with
 * up to `inFlight` publishes awaiting their acknowledgement at once.
 */
export async function publishUsageEvents(
  js: JetStreamClient,
  names: UsageStreamNames,
  events: readonly (UsageEvent | string)[],
  options: { msgId?: boolean; inFlight?: number } = {},
): Promise<{ duplicates: number }> {
  const inFlight = options.inFlight ?? 500;
  let duplicates = 0;
  let pending: Promise<unknown>[] = [];
  for (const event of events) {
    const body = typeof event === 'string' ? event : JSON.stringify(event);
    const subject = subjectFor(names, typeof event === 'string' ? 'invalid' : event.orgId);
    const msgID =
      options.msgId === false || typeof event === 'string' ? undefined : event.requestId;
    pending.push(
      js.publish(subject, body, msgID ? { msgID } : {}).then((ack) => {
        if (ack.duplicate) duplicates++;
      }),
    );
    if (pending.length >= inFlight) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return { duplicates };
}
