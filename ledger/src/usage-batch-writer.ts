import {
  appendAuditRecords,
  lockAuditChain,
  nameBasedUuid,
  postTransfers,
  systemAccountId,
  usageTransferId,
  type AuditRecord,
  type Transfer,
} from '@alfred/accounting';
import type { UsageEvent } from '@alfred/contracts';
import {
  sql,
  type DatabasePool,
  type DatabaseTransactionConnection,
  type PrimitiveValueExpression,
} from 'slonik';

export interface UsageBatchResult {
  /** Usage rows written by this batch (new requests). */
  written: number;
  /** Events for requests already written (redeliveries, duplicate publishes). */
  duplicates: number;
  /** Micro-credits debited by this batch. */
  debitedMicros: number;
}

/**
 * Writes a batch of usage events in one transaction: the usage rows, the debit transfers
 * of the new ones that cost something, and their audit records. Idempotent on the request
 * id: an event already written changes nothing, so a redelivered batch is harmless.
 * A handful of statements per batch, whatever its size.
 */
export class UsageBatchWriter {
  readonly #pool: DatabasePool;
  #revenueAccountId: string | null = null;

  constructor(pool: DatabasePool) {
    this.#pool = pool;
  }

  async write(events: readonly UsageEvent[]): Promise<UsageBatchResult> {
    const unique = firstOfEachRequest(events);
    if (unique.length === 0) return { written: 0, duplicates: 0, debitedMicros: 0 };
    const revenueAccountId = (this.#revenueAccountId ??= await systemAccountId(
      this.#pool,
      'revenue',
    ));
    return this.#pool.transaction(async (tx) => {
      // First, before any account row: see lockAuditChain.
      await lockAuditChain(tx);
      const inserted = new Set(await insertUsageRecords(tx, unique));
      const charged = unique.filter((e) => inserted.has(e.requestId) && e.costMicros > 0);
      await postTransfers(
        tx,
        charged.map((e) => usageDebit(e, revenueAccountId)),
      );
      await appendAuditRecords(tx, charged.map(usageDebitAuditRecord));
      return {
        written: inserted.size,
        duplicates: events.length - inserted.size,
        debitedMicros: charged.reduce((sum, e) => sum + e.costMicros, 0),
      };
    });
  }
}

/** The same request twice in one batch is written once (the first copy wins). */
function firstOfEachRequest(events: readonly UsageEvent[]): UsageEvent[] {
  const byRequest = new Map<string, UsageEvent>();
  for (const event of events)
    if (!byRequest.has(event.requestId)) byRequest.set(event.requestId, event);
  return [...byRequest.values()];
}

/** Each column of `usage_records` the ledger writes: its name, type and value. */
const usageColumns: [string, string, (e: UsageEvent) => PrimitiveValueExpression][] = [
  ['request_id', 'text', (e) => e.requestId],
  ['org_id', 'uuid', (e) => e.orgId],
  ['team_id', 'uuid', (e) => e.teamId],
  ['user_id', 'uuid', (e) => e.userId],
  ['key_id', 'uuid', (e) => e.keyId],
  ['account_id', 'uuid', (e) => e.accountId],
  ['model', 'text', (e) => e.model],
  ['deployment', 'text', (e) => e.deployment],
  ['operation', 'text', (e) => e.operation],
  ['input_tokens', 'int4', (e) => e.tokens.input],
  ['output_tokens', 'int4', (e) => e.tokens.output],
  ['cached_input_tokens', 'int4', (e) => e.tokens.cachedInput],
  ['cost_micros', 'int8', (e) => e.costMicros],
  ['price_id', 'uuid', (e) => e.priceId],
  ['latency_ms', 'float8', (e) => e.latencyMs],
  ['cache_status', 'text', (e) => e.cacheStatus],
  ['outcome', 'text', (e) => e.outcome],
  ['occurred_at', 'timestamptz', (e) => new Date(e.occurredAt).toISOString()],
];

/** One statement for the whole batch; returns the request ids that were new. */
async function insertUsageRecords(
  tx: DatabaseTransactionConnection,
  events: readonly UsageEvent[],
): Promise<string[]> {
  const rows = events.map((e) => usageColumns.map(([, , value]) => value(e)));
  const names = sql.join(
    usageColumns.map(([name]) => sql.identifier([name])),
    sql.fragment`, `,
  );
  const inserted = await tx.anyFirst(sql.unsafe`
    INSERT INTO usage_records (${names})
    SELECT * FROM ${sql.unnest(
      rows,
      usageColumns.map(([, type]) => type),
    )}
    ON CONFLICT (request_id) DO NOTHING
    RETURNING request_id`);
  return inserted as string[];
}

function usageDebit(event: UsageEvent, revenueAccountId: string): Transfer {
  return {
    id: usageTransferId(event.requestId),
    debitAccountId: event.accountId,
    creditAccountId: revenueAccountId,
    amountMicros: event.costMicros,
    kind: 'usage',
    requestId: event.requestId,
  };
}

function usageDebitAuditRecord(event: UsageEvent): AuditRecord {
  return {
    id: nameBasedUuid(`audit:usage:${event.requestId}`),
    kind: 'usage.debit',
    subject: `account:${event.accountId}`,
    payload: {
      requestId: event.requestId,
      transferId: usageTransferId(event.requestId),
      orgId: event.orgId,
      keyId: event.keyId,
      model: event.model,
      amountMicros: event.costMicros,
      priceId: event.priceId,
    },
    occurredAt: event.occurredAt,
  };
}
