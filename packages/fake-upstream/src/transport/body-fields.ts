import { InvalidRequestError } from './invalid-request.ts';

/**
 * Readers for untrusted JSON bodies: each returns the field with the type it should have,
 * a default when it is absent (or null), and throws InvalidRequestError naming the field
 * when it has the wrong type, so no request can crash an endpoint.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, name: string): JsonObject {
  if (!isObject(value)) throw new InvalidRequestError(`'${name}' must be an object.`, name);
  return value;
}

export function optionalString(body: JsonObject, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new InvalidRequestError(`'${field}' must be a string.`, field);
  return value;
}

export function optionalBoolean(body: JsonObject, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean')
    throw new InvalidRequestError(`'${field}' must be a boolean.`, field);
  return value;
}

export function optionalPositiveInteger(body: JsonObject, field: string): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidRequestError(`'${field}' must be a positive integer.`, field);
  }
  return value;
}

export function optionalArray(body: JsonObject, field: string): unknown[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidRequestError(`'${field}' must be an array.`, field);
  return value;
}

/** A stop sequence field: one string or a list of strings. */
export function stopSequences(body: JsonObject, field: string): string[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value;
  throw new InvalidRequestError(`'${field}' must be a string or an array of strings.`, field);
}
