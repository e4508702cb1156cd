/**
 * True when PostgreSQL refused the data itself (SQLSTATE class 22, data exception, or 23,
 * integrity constraint violation: an unknown wallet, a token count out of range): trying the
 * same rows again can never succeed. Anything else (connection lost, server restarting,
 * timeout) may succeed later.
 */
export function isRefusedData(error: unknown): boolean {
  const code = sqlState(error);
  return code !== null && (code.startsWith('22') || code.startsWith('23'));
}

/** Slonik wraps the driver's error; the SQLSTATE is on the innermost one. */
function sqlState(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}
