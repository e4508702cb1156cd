/**
 * Admission and settlement latency against a real Redis: 50 concurrent callers on one
 * connection (one ingress process), each admitting a request against a wallet, three
 * budgets and four rate limits, then settling it.
 *   node packages/spend-control/bench/admit-bench.ts   (REDIS_URL, BENCH_SECONDS, BENCH_CALLERS)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { SpendControl, type AdmissionRequest } from '../src/index.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const callers = Number(process.env.BENCH_CALLERS ?? 50);
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const prefix = `bench-${randomBytes(4).toString('hex')}`;
const huge = 1e15;
const spend = new SpendControl(redis, {
  prefix,
  seed: async (requests) =>
    requests.map((r) =>
      r.kind === 'wallet'
        ? { balanceMicros: huge, floorMicros: 0 }
        : { limitMicros: huge, spentMicros: 0 },
    ),
});

const [wallet, key, team, org] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const request = (): AdmissionRequest => ({
  reservationId: randomUUID(),
  walletAccountId: wallet,
  amountMicros: 25_000,
  tokens: 1200,
  budgets: [
    { scope: 'key', scopeId: key, period: 'total' },
    { scope: 'team', scopeId: team, period: 'monthly' },
    { scope: 'org', scopeId: org, period: 'daily' },
  ],
  rateLimits: [
    { scope: 'key', id: key, rpm: 1e9, tpm: 1e12 },
    { scope: 'team', id: team, rpm: 1e9, tpm: 1e12 },
  ],
});

function percentile(sorted: number[], p: number): string {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
  return `${value.toFixed(3)} ms`;
}

async function caller(until: number, admits: number[], roundTrips: number[]): Promise<void> {
  while (performance.now() < until) {
    const r = request();
    const started = performance.now();
    const admission = await spend.admit(r);
    const admitted = performance.now();
    if (!admission.admitted) throw new Error(admission.message);
    await spend.settle(r.reservationId, { costMicros: 1234, tokens: 300 });
    admits.push(admitted - started);
    roundTrips.push(performance.now() - started);
  }
}

const warmUp = request(); // seeds the wallet and budgets, so the run measures the warm path
await spend.admit(warmUp);
await spend.release(warmUp.reservationId);
const admits: number[] = [];
const roundTrips: number[] = [];
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(Array.from({ length: callers }, () => caller(until, admits, roundTrips)));
const elapsed = (performance.now() - started) / 1000;

admits.sort((a, b) => a - b);
roundTrips.sort((a, b) => a - b);
console.log(
  `spend-control: ${callers} concurrent callers, ${seconds} s, one connection, ${prefix}`,
);
console.log(`admit           p50 ${percentile(admits, 50)}  p99 ${percentile(admits, 99)}`);
console.log(`admit + settle  p50 ${percentile(roundTrips, 50)}  p99 ${percentile(roundTrips, 99)}`);
console.log(
  `throughput      ${Math.round(roundTrips.length / elapsed)} admit+settle pairs/s (${roundTrips.length} in ${elapsed.toFixed(1)} s)`,
);

const keys = await redis.keys(`{${prefix}}:*`);
if (keys.length > 0) await redis.del(...keys);
await redis.quit();
