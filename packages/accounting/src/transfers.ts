import { sql, type CommonQueryMethods } from 'slonik';
import { nameBasedUuid } from './name-based-uuid.ts';

export type TransferKind = 'usage' | 'topup' | 'refund' | 'adjustment';

/** A movement of `amountMicros` from one account to another; immutable once posted. */
export interface Transfer {
  /** Chosen by the caller: posting the same id again is a no-op. */
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amountMicros: number;
  kind: TransferKind;
  requestId?: string | null;
  memo?: string | null;
}

/** The id of the transfer that pays for request `requestId`: one request, one debit. */
export const usageTransferId = (requestId: string): string => nameBasedUuid(`usage:${requestId}`);

/**
 * Posts the transfers in one statement and returns the ids that were new; the others
 * already existed and changed nothing. Balances move in the same statement (a trigger on
 * `transfers`), so they can never disagree with the transfers that committed.
 */
export async function postTransfers(
  db: CommonQueryMethods,
  transfers: readonly Transfer[],
): Promise<Set<string>> {
  if (transfers.length === 0) return new Set();
  for (const t of transfers) {
    if (!Number.isSafeInteger(t.amountMicros) || t.amountMicros <= 0)
      throw new RangeError(`transfer ${t.id}: amount must be a positive integer of micros`);
  }
  const rows = transfers.map((t) => [
    t.id,
    t.debitAccountId,
    t.creditAccountId,
    t.amountMicros,
    t.kind,
    t.requestId ?? null,
    t.memo ?? null,
  ]);
  const inserted = await db.anyFirst(sql.unsafe`
    INSERT INTO transfers (id, debit_account_id, credit_account_id, amount_micros, kind, request_id, memo)
    SELECT * FROM ${sql.unnest(rows, ['uuid', 'uuid', 'uuid', 'int8', 'text', 'text', 'text'])}
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  return new Set(inserted as string[]);
}
