import { redactPii, type PiiOptions } from './find-pii.ts';
import { placeholders } from './pii-span.ts';

export interface DeepRedactionOptions extends PiiOptions {
  /** Nesting below this depth is replaced by `[Truncated]` (default 24). */
  maxDepth?: number;
}

/**
 * Object keys whose string values are credentials whatever they look like: `{ password:
 * 'hunter2' }` holds no pattern a detector could recognise, only its name gives it away.
 */
const secretKeyName =
  /^(?:password|passwd|pwd|passphrase|secret|client[_-]?secret|api[_-]?key|x-api-key|api-key|x-goog-api-key|access[_-]?token|refresh[_-]?token|auth[_-]?token|id[_-]?token|token|private[_-]?key|authorization|proxy-authorization|cookie|set-cookie)$/i;

/**
 * A redacted copy of a JSON-like value: every string (object keys included) goes through
 * `redactPii`, strings under credential-named keys become `[SECRET]`. What `JSON.stringify`
 * would print is what gets walked: `toJSON()` results, own enumerable properties of class
 * instances; Errors become `{ type, message, stack, ...their own properties }` (the shape
 * pino prints), so their text is redacted too. Cycles become `[Circular]`.
 *
 * Nothing is mutated, and an object or array in which nothing needed redaction is returned
 * as is (not copied): logging a clean object costs a walk, not an allocation.
 */
export function redactPiiDeep<T>(value: T, options: DeepRedactionOptions = {}): T {
  return walk(value, options, options.maxDepth ?? 24, new Set()) as T;
}

function walk(
  value: unknown,
  options: PiiOptions,
  depthLeft: number,
  ancestors: Set<object>,
): unknown {
  if (typeof value === 'string') return redactPii(value, options);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return value;
  }
  if (ancestors.has(value)) return '[Circular]';
  if (depthLeft <= 0) return '[Truncated]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return walkArray(value, options, depthLeft - 1, ancestors);
    if (value instanceof Error)
      return walkRecord(errorFields(value), options, depthLeft - 1, ancestors, true);
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') {
      return walk(json.call(value), options, depthLeft - 1, ancestors);
    }
    return walkRecord(value as Record<string, unknown>, options, depthLeft - 1, ancestors, false);
  } finally {
    ancestors.delete(value);
  }
}

function walkArray(
  array: readonly unknown[],
  options: PiiOptions,
  depthLeft: number,
  ancestors: Set<object>,
): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = walk(array[i], options, depthLeft, ancestors);
    if (item !== array[i]) {
      copy ??= array.slice();
      copy[i] = item;
    }
  }
  return copy ?? (array as unknown[]);
}

function walkRecord(
  record: Record<string, unknown>,
  options: PiiOptions,
  depthLeft: number,
  ancestors: Set<object>,
  alwaysCopy: boolean,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined = alwaysCopy ? {} : undefined;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const original = record[key];
    const value =
      typeof original === 'string' && secretKeyName.test(key) && original !== ''
        ? placeholders.secret
        : Array.isArray(original) && secretKeyName.test(key)
          ? original.map((item) => (typeof item === 'string' ? placeholders.secret : item))
          : walk(original, options, depthLeft, ancestors);
    const redactedKey = redactPii(key, options);
    if (!copy && (value !== original || redactedKey !== key)) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy) copy[redactedKey] = value;
  }
  return copy ?? record;
}

/** An Error as loggers print it: name, message, stack, cause and its own fields (code, ...). */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    type: error.constructor?.name ?? error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const key of Object.keys(error))
    fields[key] = (error as unknown as Record<string, unknown>)[key];
  if (error.cause !== undefined) fields.cause = error.cause;
  if (error instanceof AggregateError) fields.aggregateErrors = error.errors;
  return fields;
}
