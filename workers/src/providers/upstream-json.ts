import { UpstreamStreamError } from './connector.ts';
import { mapUpstreamError } from './upstream-errors.ts';

/**
 * Reading the JSON a provider sent. Error bodies are read tolerantly (a proxy's HTML page
 * must still become a sane error); stream events strictly (a broken event means the
 * stream cannot be trusted any more, so it ends as an upstream error).
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed value, or undefined when the text is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses one stream event's data as a JSON object or throws UpstreamStreamError. */
export function parseStreamEventJson(data: string): JsonObject {
  const parsed = parseJsonText(data);
  if (!isJsonObject(parsed)) {
    throw new UpstreamStreamError(
      mapUpstreamError(502, {
        message: `The provider sent a stream event that is not a JSON object: ${snippet(data)}`,
      }),
    );
  }
  return parsed;
}

/** A short, single-line excerpt of provider text, safe to put in an error message. */
export function snippet(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export function stringField(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}
