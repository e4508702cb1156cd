import { composePhrase } from './answer-text.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Builds a value that validates against a JSON Schema, for forced tool calls and structured
 * output. Covers what tool and response schemas use in practice: type (also as a list, and
 * Gemini's upper-case OpenAPI names), enum, const, properties/required (every declared
 * property is filled), items/prefixItems with minItems/maxItems/uniqueItems, string
 * minLength/maxLength/format, number and integer bounds (draft-4 boolean exclusives too)
 * and multipleOf, anyOf/oneOf (first non-null branch), allOf (merged), local $ref
 * (`#/$defs/…`, `#/definitions/…`, `#`). Not covered: `pattern`, `not`, conditionals.
 */
export function sampleJsonSchema(schema: unknown, random: SeededRandom): unknown {
  return sample(schema, { root: schema, random, depth: 0 });
}

type Schema = Record<string, unknown>;

interface Sampling {
  root: unknown;
  random: SeededRandom;
  depth: number;
}

// Recursive schemas ($ref to an ancestor) stop growing here: optional properties and
// optional array items are left out below this depth.
const MAX_DEPTH = 6;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sample(schema: unknown, s: Sampling): unknown {
  if (!isSchema(schema)) return composePhrase(s.random);
  if (typeof schema.$ref === 'string') return sample(resolveRef(schema.$ref, s.root), deeper(s));
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return s.random.pick(schema.enum);
  const branches = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(branches) && branches.length > 0) {
    const branch = branches.find((b) => !isSchema(b) || typeOf(b) !== 'null') ?? branches[0];
    return sample(branch, s);
  }
  if (Array.isArray(schema.allOf)) return sample(mergeAllOf(schema), s);
  switch (typeOf(schema)) {
    case 'object':
      return sampleObject(schema, s);
    case 'array':
      return sampleArray(schema, s);
    case 'integer':
      return sampleInteger(schema, s.random);
    case 'number':
      return sampleNumber(schema, s.random);
    case 'boolean':
      return s.random.next() < 0.5;
    case 'null':
      return null;
    default:
      return sampleString(schema, s.random);
  }
}

function deeper(s: Sampling): Sampling {
  return { root: s.root, random: s.random, depth: s.depth + 1 };
}

function typeOf(schema: Schema): string {
  const declared = Array.isArray(schema.type)
    ? (schema.type.find((t) => String(t).toLowerCase() !== 'null') ?? schema.type[0])
    : schema.type;
  if (typeof declared === 'string') return declared.toLowerCase();
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return 'string';
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return node ?? {};
}

function mergeAllOf(schema: Schema): Schema {
  const merged: Schema = { ...schema, allOf: undefined };
  const properties: Schema = isSchema(schema.properties) ? { ...schema.properties } : {};
  const required = new Set<unknown>(Array.isArray(schema.required) ? schema.required : []);
  for (const part of schema.allOf as unknown[]) {
    if (!isSchema(part)) continue;
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isSchema(value)) Object.assign(properties, value);
      else if (key === 'required' && Array.isArray(value)) value.forEach((r) => required.add(r));
      else if (!(key in merged) || merged[key] === undefined) merged[key] = value;
    }
  }
  merged.properties = properties;
  merged.required = [...required];
  return merged;
}

function sampleObject(schema: Schema, s: Sampling): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const child = deeper(s);
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (s.depth >= MAX_DEPTH && !required.has(name)) continue;
    out[name] = sample(propertySchema, child);
  }
  // A required name the schema does not describe still has to be present.
  for (const name of required) {
    if (typeof name === 'string' && !(name in out)) out[name] = composePhrase(s.random);
  }
  return out;
}

function sampleArray(schema: Schema, s: Sampling): unknown[] {
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : minItems + 3;
  const wanted = s.depth >= MAX_DEPTH ? minItems : s.random.int(Math.max(minItems, 1), maxItems);
  const count = Math.min(Math.max(wanted, minItems), maxItems);
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const child = deeper(s);
  const out: unknown[] = [];
  const seen = new Set<string>();
  // uniqueItems may be unsatisfiable with few enum values; give up after a bounded number of tries.
  for (let attempt = 0; out.length < count && attempt < count * 10; attempt++) {
    const itemSchema = out.length < tuple.length ? tuple[out.length] : schema.items;
    const item = sample(itemSchema, child);
    if (schema.uniqueItems === true) {
      const key = JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(item);
  }
  return out;
}

interface Bounds {
  low: number;
  high: number;
}

function numericBounds(schema: Schema, step: number, span: number): Bounds {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  let low = num(schema.minimum);
  let high = num(schema.maximum);
  const exclusiveMin = num(schema.exclusiveMinimum);
  const exclusiveMax = num(schema.exclusiveMaximum);
  if (exclusiveMin !== undefined) low = Math.max(low ?? -Infinity, exclusiveMin + step);
  else if (schema.exclusiveMinimum === true && low !== undefined) low += step;
  if (exclusiveMax !== undefined) high = Math.min(high ?? Infinity, exclusiveMax - step);
  else if (schema.exclusiveMaximum === true && high !== undefined) high -= step;
  if (low === undefined && high === undefined) return { low: 0, high: span };
  if (low === undefined) return { low: (high as number) - span, high: high as number };
  return { low, high: high ?? low + span };
}

function sampleInteger(schema: Schema, random: SeededRandom): number {
  const { low, high } = numericBounds(schema, 1, 100);
  const multipleOf = typeof schema.multipleOf === 'number' ? schema.multipleOf : 1;
  const first = Math.ceil(low / multipleOf);
  const last = Math.max(first, Math.floor(high / multipleOf));
  // 3 * 0.1 is 0.30000000000000004 in floating point; round to the step's own decimals.
  const decimals = (String(multipleOf).split('.')[1] ?? '').length;
  return Number((random.int(first, last) * multipleOf).toFixed(decimals));
}

function sampleNumber(schema: Schema, random: SeededRandom): number {
  if (typeof schema.multipleOf === 'number') return sampleInteger(schema, random);
  const { low, high } = numericBounds(schema, 0.01, 100);
  const value = Math.round((low + random.next() * (high - low)) * 100) / 100;
  return Math.min(Math.max(value, low), high);
}

function sampleString(schema: Schema, random: SeededRandom): string {
  let text = formattedString(schema.format, random) ?? composePhrase(random);
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  while (text.length < minLength) text += ' ' + composePhrase(random);
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

function formattedString(format: unknown, random: SeededRandom): string | undefined {
  const day = new Date(Date.UTC(2024, 0, 1) + random.int(0, 730) * 86_400_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  switch (format) {
    case 'date-time':
      return `${day.toISOString().slice(0, 10)}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:00Z`;
    case 'date':
      return day.toISOString().slice(0, 10);
    case 'time':
      return `${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:00Z`;
    case 'email':
      return `${random.id(8).toLowerCase()}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${random.id(8).toLowerCase()}`;
    case 'uuid': {
      const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    }
    case 'ipv4':
      return [0, 0, 0, 0].map(() => random.int(1, 254)).join('.');
    default:
      return undefined;
  }
}
