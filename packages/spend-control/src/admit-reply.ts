import type { AdmitPlan } from './admit-plan.ts';
import type { Admission, AdmissionRequest, RejectionSource } from './admission.ts';
import {
  formatDuration,
  rateLimitHeaders,
  retryAfterHeaders,
  type BucketState,
} from './rate-limit-headers.ts';

/** What the admit script answered: an admission, or which keys must be seeded first. */
export type AdmitOutcome = { admission: Admission } | { needsSeed: number[] };

/** Reads the admit script's reply (see admit.lua for its shape). */
export function readAdmitReply(
  reply: unknown,
  request: AdmissionRequest,
  plan: AdmitPlan,
): AdmitOutcome {
  const [status, ...rest] = reply as [string, ...number[]];
  const numbers = rest.map(Number);
  if (status === 'needs_seed') return { needsSeed: numbers };

  const fixed = status === 'admitted' ? 1 : 2;
  const buckets: BucketState[] = plan.buckets.map((bucket, i) => ({
    ...bucket,
    remaining: numbers[fixed + 2 * i] ?? 0,
    resetMs: numbers[fixed + 2 * i + 1] ?? 0,
  }));
  const headers = rateLimitHeaders(buckets);
  const [first = 0, second = 0] = numbers;

  if (status === 'admitted') {
    const admission = {
      admitted: true,
      reservationId: request.reservationId,
      headers,
      duplicate: first === 1,
      failOpen: false,
    } as const;
    return { admission };
  }
  if (status === 'rate_limited') {
    return { admission: rateLimited(request, buckets, first - 1, second, headers) };
  }
  if (status === 'insufficient_quota') {
    return { admission: insufficientQuota(request, plan, first, second, headers) };
  }
  throw new Error(`unexpected reply from the admit script: ${String(status)}`);
}

function rateLimited(
  request: AdmissionRequest,
  buckets: BucketState[],
  index: number,
  waitMs: number,
  headers: Record<string, string>,
): Admission {
  const bucket = buckets[index];
  if (!bucket) throw new Error(`the admit script named no bucket ${index}`);
  const requested = bucket.unit === 'tokens' ? request.tokens : 1;
  const rate = `${bucket.unit} per min (${bucket.unit === 'tokens' ? 'TPM' : 'RPM'})`;
  const where = `${bucket.scope} ${bucket.id} on ${rate}`;
  const rejectedBy: RejectionSource = { kind: 'rate_limit', ...pick(bucket) };
  const base = {
    admitted: false,
    status: 429,
    code: 'rate_limit_exceeded',
    type: bucket.unit,
    rejectedBy,
  } as const;
  if (waitMs < 0) {
    const message = `Request too large for ${where}: Limit ${bucket.limit}, Requested ${requested}. Reduce the prompt or max_tokens.`;
    return { ...base, message, headers };
  }
  const used = bucket.limit - bucket.remaining;
  const message =
    `Rate limit reached for ${where}: Limit ${bucket.limit}, Used ${used}, ` +
    `Requested ${requested}. Please try again in ${formatDuration(waitMs)}.`;
  const retry = retryAfterHeaders(waitMs);
  return {
    ...base,
    message,
    retryAfterSeconds: Number(retry['retry-after']),
    headers: { ...headers, ...retry },
  };
}

const pick = ({ scope, id, unit }: BucketState) => ({ scope, id, unit });

function insufficientQuota(
  request: AdmissionRequest,
  plan: AdmitPlan,
  index: number,
  availableMicros: number,
  headers: Record<string, string>,
): Admission {
  const budget = index === 0 ? undefined : plan.budgets[index - 1];
  const rejectedBy: RejectionSource = budget
    ? { kind: 'budget', budget: budget.ref, periodKey: budget.window.periodKey }
    : { kind: 'wallet', accountId: request.walletAccountId };
  const what = budget ? `the ${budget.ref.scope}'s ${budget.ref.period} budget` : 'the wallet';
  const message =
    `You exceeded your current quota: ${what} does not cover this request's worst-case cost ` +
    `(${request.amountMicros} micro-credits needed, ${Math.max(0, availableMicros)} available).`;
  return {
    admitted: false,
    status: 429,
    code: 'insufficient_quota',
    type: 'insufficient_quota',
    message,
    rejectedBy,
    headers,
  };
}
