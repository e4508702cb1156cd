import { readWalletSnapshot, type DatabasePool } from '@alfred/database';
import type { SpendControl } from '@alfred/spend-control';
import type { Logger } from '@alfred/telemetry';
import type { Gauge } from 'prom-client';

const flushEveryMs = 1_000;

/**
 * After the ledger posts usage, the wallets it touched are refreshed in Redis: costs now in
 * PostgreSQL leave Redis's "unposted" list (which would otherwise only grow), and any
 * top-up since the last refresh becomes spendable. At most once a second per wallet.
 */
export class WalletRefresher {
  readonly #spend: SpendControl;
  readonly #pool: DatabasePool;
  readonly #log: Logger;
  readonly #due = new Set<string>();
  readonly #balance: Gauge<'account'> | undefined;
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(spend: SpendControl, pool: DatabasePool, log: Logger, balance?: Gauge<'account'>) {
    this.#spend = spend;
    this.#balance = balance;
    this.#pool = pool;
    this.#log = log;
    this.#timer = setInterval(() => void this.flush(), flushEveryMs);
    this.#timer.unref();
  }

  posted(accountIds: Iterable<string>): void {
    for (const id of accountIds) this.#due.add(id);
  }

  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      const ids = [...this.#due];
      this.#due.clear();
      for (const id of ids) {
        try {
          await this.#spend.refreshWallet(id, (unposted) =>
            readWalletSnapshot(this.#pool, id, unposted),
          );
        } catch (error) {
          this.#log.warn({ err: error, accountId: id }, 'wallet refresh failed; retried later');
          this.#due.add(id);
        }
      }
    });
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
