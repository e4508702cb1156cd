import { gatewayErrors } from '@alfred/contracts';
import type { z } from 'zod';
import { fromValidationError } from './openai-error-response.ts';

/** Validates a parsed JSON body against a contracts schema, or throws OpenAI's 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw gatewayErrors.invalidRequest('The request body must be a JSON object.');
  }
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw fromValidationError(result.error);
  return result.data;
}
