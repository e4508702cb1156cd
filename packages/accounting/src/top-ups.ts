import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { systemAccountId } from './accounts.ts';
import { appendAuditRecords, lockAuditChain } from './audit/audit-chain-append.ts';
import { nameBasedUuid } from './name-based-uuid.ts';
import { postTransfers, type Transfer } from './transfers.ts';

export interface WalletCredit {
  /** The transfer's id (a UUID), chosen by the caller: a retry with the same id is a no-op. */
  id: string;
  /** The wallet credited. */
  accountId: string;
  amountMicros: number;
  memo?: string | null;
  /** Who asked for it (a user id, `admin-api`, …), kept in the audit record. */
  actor?: string | null;
  /** For a refund: the request it gives back. */
  requestId?: string | null;
}

export interface PostedWalletCredit {
  transferId: string;
  /** False when a transfer with this id already existed (the call was a retry). */
  created: boolean;
}

/** A transfer id reused with a different account, amount or kind. */
export class TransferIdConflictError extends Error {
  readonly transferId: string;
  constructor(transferId: string) {
    super(`transfer ${transferId} already exists with a different account, amount or kind`);
    this.name = 'TransferIdConflictError';
    this.transferId = transferId;
  }
}

/** Credits a wallet from the funding account, with an audit record, in one transaction. */
export function topUp(pool: DatabasePool, credit: WalletCredit): Promise<PostedWalletCredit> {
  return creditWallet(pool, credit, 'topup');
}

/** Gives usage back: credits a wallet from the revenue account, with an audit record. */
export function refund(pool: DatabasePool, credit: WalletCredit): Promise<PostedWalletCredit> {
  return creditWallet(pool, credit, 'refund');
}

const UuidSchema = z.uuid();
const ExistingTransfer = z.object({
  creditAccountId: z.string(),
  amountMicros: z.bigint(),
  kind: z.string(),
});

async function creditWallet(
  pool: DatabasePool,
  credit: WalletCredit,
  kind: 'topup' | 'refund',
): Promise<PostedWalletCredit> {
  const id = UuidSchema.parse(credit.id).toLowerCase();
  return pool.transaction(async (tx) => {
    await lockAuditChain(tx);
    const source = await systemAccountId(tx, kind === 'topup' ? 'funding' : 'revenue');
    const transfer: Transfer = {
      id,
      debitAccountId: source,
      creditAccountId: credit.accountId,
      amountMicros: credit.amountMicros,
      kind,
      requestId: credit.requestId ?? null,
      memo: credit.memo ?? null,
    };
    const posted = await postTransfers(tx, [transfer]);
    if (!posted.has(id)) {
      const existing = await tx.one(sql.type(ExistingTransfer)`
        SELECT credit_account_id AS "creditAccountId", amount_micros AS "amountMicros", kind
        FROM transfers WHERE id = ${id}`);
      const same =
        existing.creditAccountId === credit.accountId &&
        existing.amountMicros === BigInt(credit.amountMicros) &&
        existing.kind === kind;
      if (!same) throw new TransferIdConflictError(id);
      return { transferId: id, created: false };
    }
    await appendAuditRecords(tx, [
      {
        id: nameBasedUuid(`audit:${id}`),
        kind: kind === 'topup' ? 'wallet.topup' : 'wallet.refund',
        subject: `account:${credit.accountId}`,
        payload: {
          transferId: id,
          accountId: credit.accountId,
          amountMicros: credit.amountMicros,
          memo: credit.memo ?? null,
          actor: credit.actor ?? null,
          requestId: credit.requestId ?? null,
        },
        occurredAt: Date.now(),
      },
    ]);
    return { transferId: id, created: true };
  });
}
