import type { Redis } from 'ioredis';
import type { RunSpendCommand } from './commands/spend-commands.ts';
import type { SpendKeys } from './spend-keys.ts';

/** What PostgreSQL says, read in ONE snapshot (one statement or a REPEATABLE READ transaction). */
export interface PostgresWallet {
  /** accounts.balance_micros */
  balanceMicros: number;
  /** accounts.floor_micros */
  floorMicros: number;
  /** Those of the request ids asked about that usage_records already holds. */
  postedRequestIds: string[];
}

/** Reads the wallet, told which request ids Redis charged but has not seen posted yet. */
export type WalletReader = (unpostedRequestIds: string[]) => Promise<PostgresWallet>;

export type WalletRefresh =
  | {
      status: 'refreshed';
      balanceMicros: number;
      /** Redis's balance before; the difference is top-ups, corrections or drift. */
      previousBalanceMicros: number;
      /** Settled in Redis, not yet in PostgreSQL, and so still subtracted. */
      unpostedMicros: number;
    }
  /** Redis holds no such wallet; the next admission seeds it from PostgreSQL. */
  | { status: 'not_cached' }
  /** Other refreshes of the same wallet kept finishing first; theirs stand. */
  | { status: 'conflict' };

interface RefreshDependencies {
  redis: Redis;
  keys: SpendKeys;
  run: RunSpendCommand;
  guard: <T>(call: () => Promise<T>) => Promise<T>;
}

const attempts = 5;

/**
 * Re-seeds a wallet from PostgreSQL (after a top-up, or periodically to reconcile) without
 * losing costs Redis charged that the ledger has not written yet. Three steps: read the
 * wallet's refresh version and unposted request ids from Redis; read PostgreSQL; apply
 * only if no other refresh finished in between (see refresh-wallet-2.lua).
 */
export async function refreshWallet(
  { redis, keys, run, guard }: RefreshDependencies,
  accountId: string,
  read: WalletReader,
): Promise<WalletRefresh> {
  const walletKey = keys.wallet(accountId);
  const unpostedKey = keys.walletUnposted(accountId);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const snapshot = await guard(() =>
      redis
        .multi()
        .hexists(walletKey, 'balance')
        .hget(walletKey, 'version')
        .hkeys(unpostedKey)
        .exec(),
    );
    const [[, cached] = [], [, version] = [], [, unposted] = []] = snapshot ?? [];
    if (cached !== 1) return { status: 'not_cached' };

    const wallet = await read((unposted as string[] | null) ?? []);
    const reply = (await guard(() =>
      run(
        'refreshWallet',
        [walletKey, unpostedKey],
        [
          String(version ?? '0'),
          wallet.balanceMicros,
          wallet.floorMicros,
          ...wallet.postedRequestIds,
        ],
      ),
    )) as [string, number?, number?, number?];
    const [status, balance = 0, previous = 0, unpostedMicros = 0] = reply;
    if (status === 'refreshed') {
      return { status, balanceMicros: balance, previousBalanceMicros: previous, unpostedMicros };
    }
    if (status === 'not_cached') return { status };
  }
  return { status: 'conflict' };
}
