/**
 * Gemini's function calls have no ids, but OpenAI clients answer tool calls by id, and
 * Gemini needs each call's `thoughtSignature` back on the next turn (thinking models
 * reject the turn without it). Both problems share one solution: the id minted for a
 * call carries its signature, and the client returns it untouched.
 *
 *   call_0                      a call without signature
 *   call_0__sig__<base64url>    a call with one (base64url keeps the id within
 *                               `[A-Za-z0-9_-]`, which Anthropic requires of ids)
 */

const SIGNATURE_MARK = '__sig__';

export function functionCallId(ordinal: number, thoughtSignature: string | undefined): string {
  const id = `call_${ordinal}`;
  if (!thoughtSignature) return id;
  const base64url = thoughtSignature.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${id}${SIGNATURE_MARK}${base64url}`;
}

/** The signature a minted id carries, in the base64 Gemini sent it; undefined for other ids. */
export function thoughtSignatureOf(id: string): string | undefined {
  const mark = id.indexOf(SIGNATURE_MARK);
  if (mark < 0) return undefined;
  const base64 = id
    .slice(mark + SIGNATURE_MARK.length)
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  return base64 ? base64.padEnd(Math.ceil(base64.length / 4) * 4, '=') : undefined;
}
