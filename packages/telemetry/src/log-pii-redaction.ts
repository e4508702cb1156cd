import { redactPii, redactPiiDeep } from '@alfred/pii-redaction';
import { pino, type LogFn, type Logger } from 'pino';

/**
 * Every log line leaves the process without PII: the arguments of each log call (the
 * merged object, the message and any printf-style values) and each child logger's
 * bindings go through `redactPiiDeep` before pino serializes them. Disabled levels are
 * pino no-ops, so a debug line that is not written is never scanned.
 */

function isHttpRequest(value: object): boolean {
  return 'method' in value && 'headers' in value && 'socket' in value;
}

function isHttpResponse(value: object): boolean {
  return typeof (value as { setHeader?: unknown }).setHeader === 'function';
}

/** A log call's first argument as pino would print it, redacted. */
function redactMergingObject(value: object): object {
  // pino prints a raw request or response through its serializers; walking the raw
  // object would descend into the socket.
  if (isHttpRequest(value)) {
    return { req: redactPiiDeep(pino.stdSerializers.req(value as never)) };
  }
  if (isHttpResponse(value)) {
    return { res: redactPiiDeep(pino.stdSerializers.res(value as never)) };
  }
  return redactPiiDeep(value);
}

export function redactLogArguments(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const redacted = args.slice() as unknown[];
  const first = redacted[0];
  if (first instanceof Error) {
    // `log.error(error)` prints as `{ err }` with the error's message as the line's message.
    redacted[0] = { err: redactPiiDeep(first) };
    if (redacted.length === 1) redacted.push(redactPii(first.message));
  } else if (typeof first === 'object' && first !== null) {
    redacted[0] = redactMergingObject(first);
  }
  for (let i = typeof first === 'object' ? 1 : 0; i < redacted.length; i++) {
    redacted[i] = redactPiiDeep(redacted[i]);
  }
  (method as (...values: unknown[]) => void).apply(this, redacted);
}

/**
 * pino's own `err` serializer, for Errors that reach it without passing the hook (child
 * bindings); values the hook already turned into plain objects pass untouched (pino's
 * serializer would rename their `type` to "Object").
 */
export function serializeErrorWithoutPii(value: unknown): unknown {
  return value instanceof Error ? redactPiiDeep(value) : value;
}

/**
 * pino applies `formatters.bindings` to the root logger's bindings only, not to a child's
 * (`log.child({ user })`): children are made through this override instead, which every
 * descendant inherits (pino children are prototype copies of their parent).
 */
export function redactChildBindings(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactPiiDeep(bindings), options);
  } as Logger['child'];
  return logger;
}
