/**
 * Redis could not answer: unreachable, too slow, loading, read-only, out of memory.
 * Ingress answers 503 with this message (fail-closed) rather than serve a request it
 * cannot bill, unless the deployment chose FailOpenAdmission.
 */
export class SpendControlUnavailableError extends Error {
  override readonly name = 'SpendControlUnavailableError';
  readonly status = 503;
  readonly code = 'spend_control_unavailable';
}

/** Replies from a Redis that is up but cannot serve writes now; anything else is a bug. */
const unavailableReply =
  /^(LOADING|READONLY|MASTERDOWN|BUSY|OOM|CLUSTERDOWN|TRYAGAIN|NOREPLICAS)\b/;

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof TypeError || error instanceof RangeError) {
    return false; // a bug on this side, not Redis
  }
  if (error.name !== 'ReplyError') return true; // connection closed, offline queue off, retries spent
  return unavailableReply.test(error.message);
}

/**
 * Runs one Redis call with a deadline: a Redis that accepts connections but never answers
 * must not hold a request forever. Connection failures and the deadline become
 * SpendControlUnavailableError; script errors stay what they are.
 */
export async function guardRedisCall<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new SpendControlUnavailableError(`Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (error) {
    if (error instanceof SpendControlUnavailableError || !isUnavailable(error)) throw error;
    throw new SpendControlUnavailableError(
      `Redis is unavailable, so requests cannot be billed: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
