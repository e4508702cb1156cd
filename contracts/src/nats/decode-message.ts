import type { z } from 'zod';

/**
 * A NATS message body read as JSON and checked against its schema: the value, or
 * undefined when it is not JSON or not of that shape (a broadcast from an older or
 * broken peer is ignored, never thrown at the subscriber).
 */
export function decodeMessage<S extends z.ZodType>(
  schema: S,
  text: string,
): z.infer<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}
