import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { sampleJsonSchema } from './json-schema-sample.ts';
import { SeededRandom } from './seeded-random.ts';

const ajv = new Ajv({ strict: false, validateFormats: false });

const schemas: Record<string, object> = {
  weather: {
    type: 'object',
    properties: {
      location: { type: 'string', description: 'City and state' },
      units: { type: 'string', enum: ['c', 'f'] },
    },
    required: ['location', 'units'],
    additionalProperties: false,
  },
  bounds: {
    type: 'object',
    properties: {
      count: { type: 'integer', minimum: 3, maximum: 5 },
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      step: { type: 'number', multipleOf: 0.25, minimum: 1, maximum: 2 },
      even: { type: 'integer', multipleOf: 2 },
      below: { type: 'integer', maximum: -10 },
      flag: { type: 'boolean' },
      nothing: { type: 'null' },
      maybe: { type: ['string', 'null'] },
      fixed: { const: 'exactly this' },
    },
    required: ['count', 'ratio', 'step', 'even', 'below', 'flag', 'nothing', 'maybe', 'fixed'],
  },
  strings: {
    type: 'object',
    properties: {
      short: { type: 'string', maxLength: 3 },
      long: { type: 'string', minLength: 40 },
      when: { type: 'string', format: 'date-time' },
      day: { type: 'string', format: 'date' },
      mail: { type: 'string', format: 'email' },
      link: { type: 'string', format: 'uri' },
      id: { type: 'string', format: 'uuid' },
    },
    required: ['short', 'long', 'when', 'day', 'mail', 'link', 'id'],
  },
  arrays: {
    type: 'object',
    properties: {
      tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 },
      unique: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true, minItems: 2 },
      pair: {
        type: 'array',
        prefixItems: [{ type: 'integer' }, { type: 'string' }],
        minItems: 2,
        maxItems: 2,
      },
      nested: {
        type: 'array',
        items: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
      },
    },
    required: ['tags', 'unique', 'pair', 'nested'],
  },
  composed: {
    $defs: {
      address: { type: 'object', properties: { street: { type: 'string' } }, required: ['street'] },
    },
    type: 'object',
    properties: {
      home: { $ref: '#/$defs/address' },
      either: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 7, maximum: 7 }] },
      one: { oneOf: [{ type: 'string', enum: ['only'] }] },
      both: {
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'integer' } }, required: ['b'] },
        ],
      },
    },
    required: ['home', 'either', 'one', 'both'],
  },
  recursive: {
    $ref: '#/definitions/node',
    definitions: {
      node: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/definitions/node' } },
        },
        required: ['name'],
      },
    },
  },
  undescribedRequired: { type: 'object', required: ['ghost'] },
};

describe('values sampled from a JSON Schema', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`validate against the "${name}" schema, for many seeds`, () => {
      const validate = ajv.compile(schema);
      for (let seed = 0; seed < 50; seed++) {
        const value = sampleJsonSchema(schema, new SeededRandom(seed));
        expect(
          validate(value),
          `${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`,
        ).toBe(true);
      }
    });
  }

  it('writes string formats a validator accepts', () => {
    const value = sampleJsonSchema(schemas.strings, new SeededRandom(3)) as Record<string, string>;
    expect(new Date(value.when as string).toISOString().slice(0, 19)).toBe(
      value.when?.slice(0, 19),
    );
    expect(value.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(value.mail).toMatch(/^[a-z0-9]+@example\.com$/);
    expect(value.link).toMatch(/^https:\/\/example\.com\/[a-z0-9]+$/);
    expect(value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reads Gemini upper-case OpenAPI types', () => {
    const value = sampleJsonSchema(
      {
        type: 'OBJECT',
        properties: { n: { type: 'INTEGER' }, s: { type: 'STRING' } },
        required: ['n', 's'],
      },
      new SeededRandom(1),
    ) as Record<string, unknown>;
    expect(Number.isInteger(value.n)).toBe(true);
    expect(typeof value.s).toBe('string');
  });

  it('answers something for a missing or boolean schema, and is deterministic', () => {
    expect(typeof sampleJsonSchema(undefined, new SeededRandom(1))).toBe('string');
    expect(sampleJsonSchema(schemas.arrays, new SeededRandom(9))).toEqual(
      sampleJsonSchema(schemas.arrays, new SeededRandom(9)),
    );
  });
});
