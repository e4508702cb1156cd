import fc from 'fast-check';

/** One hostile request: what to send, and how. */
export interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as is (bytes or text); undefined = no body. */
  body?: string | Uint8Array;
  contentType?: string | null;
  authorization?: string | null;
  /** Send the body in pieces over this many ms (slow-body clients). */
  dribbleMs?: number;
  pathSuffix?: string;
}

const seed = 20261126;

function sample<T>(arb: fc.Arbitrary<T>, count: number, offset: number): T[] {
  return fc.sample(arb, { numRuns: count, seed: seed + offset });
}

const oddStrings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }), // lone surrogates, control characters
  fc.string({ unit: 'grapheme', maxLength: 200 }), // emoji, combining marks, RTL
  fc.constantFrom(
    '\u0000',
    '\u202e\u202d',
    '\ud800',
    '\udfff\ud800',
    '\ufeff',
    '𝕏'.repeat(50),
    'e\u0301'.repeat(30),
  ),
);

const nearlyValidChat = fc.record(
  {
    model: fc.oneof(fc.constant('gpt-4o-mini'), oddStrings, fc.anything()),
    messages: fc.oneof(
      fc.array(
        fc.record({
          role: fc.constantFrom('user', 'system', 'assistant', 'tool', 'x'),
          content: fc.oneof(oddStrings, fc.anything()),
        }),
        { maxLength: 4 },
      ),
      fc.anything(),
    ),
    temperature: fc.oneof(fc.double(), fc.anything()),
    top_p: fc.double(),
    n: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.anything()),
    stop: fc.oneof(fc.array(oddStrings, { maxLength: 8 }), fc.anything()),
    max_tokens: fc.oneof(fc.integer({ min: -10, max: 40 }), fc.double(), fc.constant(1e308)),
    stream: fc.oneof(fc.boolean(), fc.anything()),
    tools: fc.anything(),
    response_format: fc.anything(),
    seed: fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.string()),
  },
  { requiredKeys: [] },
);

const validChatWithOddContent = fc.record({
  model: fc.constant('gpt-4o-mini'),
  messages: fc.array(fc.record({ role: fc.constant('user'), content: oddStrings }), {
    minLength: 1,
    maxLength: 3,
  }),
  max_tokens: fc.integer({ min: 1, max: 20 }),
  stream: fc.boolean(),
});

const nearlyValidEmbeddings = fc.record(
  {
    model: fc.oneof(fc.constant('text-embedding-3-small'), oddStrings, fc.anything()),
    input: fc.oneof(
      oddStrings,
      fc.array(oddStrings, { maxLength: 5 }),
      fc.array(fc.integer()),
      fc.anything(),
    ),
    dimensions: fc.oneof(fc.integer({ min: -3, max: 4096 }), fc.anything()),
    encoding_format: fc.oneof(fc.constantFrom('float', 'base64', 'hex'), fc.anything()),
  },
  { requiredKeys: [] },
);

function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function deepInSlot(depth: number): string {
  // Valid at the top, hostile inside a slot the schema passes through (tool parameters).
  return `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}]}`;
}

/** At least `perEndpoint` requests of every hostile kind, mixed, deterministic. */
export function hostileBodies(
  endpoint: 'chat' | 'embeddings',
  perEndpoint: number,
): HostileRequest[] {
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  const structured = endpoint === 'chat' ? nearlyValidChat : nearlyValidEmbeddings;
  const share = Math.ceil(perEndpoint / 8);
  const requests: HostileRequest[] = [
    ...sample(fc.string({ maxLength: 300 }), share, 1).map((body) => ({
      kind: 'broken-json',
      method: 'POST' as const,
      body,
    })),
    ...sample(fc.json(), share, 2).map((text) => ({
      kind: 'truncated-json',
      method: 'POST' as const,
      body: text.slice(0, Math.max(1, Math.floor(text.length / 2))),
    })),
    ...sample(fc.uint8Array({ maxLength: 300 }), share, 3).map((body) => ({
      kind: 'random-bytes',
      method: 'POST' as const,
      body,
    })),
    ...sample(fc.anything(), share, 4).map((v) => ({
      kind: 'wrong-types',
      method: 'POST' as const,
      body: json(v),
    })),
    ...sample(structured, share * 3, 5).map((v) => ({
      kind: 'wrong-field-types',
      method: 'POST' as const,
      body: json(v),
    })),
    ...sample(fc.integer({ min: 1_000, max: 200_000 }), 20, 6).map((d) => ({
      kind: 'deep-nesting',
      method: 'POST' as const,
      body: deepArray(d),
    })),
    ...sample(fc.integer({ min: 2_000, max: 100_000 }), 20, 7).map((d) => ({
      kind: 'deep-in-slot',
      method: 'POST' as const,
      body: deepInSlot(d),
    })),
    ...[
      '{"__proto__":{"isAdmin":true},"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}',
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x","__proto__":{"polluted":1}}]}',
      '{"constructor":{"prototype":{"polluted":1}},"model":"gpt-4o-mini","input":"x"}',
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"metadata":{"__proto__":{"a":"b"}}}',
    ].flatMap((body) =>
      Array.from({ length: 10 }, () => ({ kind: 'proto-keys', method: 'POST' as const, body })),
    ),
    ...[
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/jsonx',
      'application/xml',
      '',
      null,
      'application/json, text/plain',
      '*/*',
    ].flatMap((contentType) =>
      Array.from({ length: 5 }, () => ({
        kind: 'content-type',
        method: 'POST' as const,
        body: '{"model":"gpt-4o-mini"}',
        contentType,
      })),
    ),
    ...[
      'Bearer',
      'Bearer  ',
      `Bearer ${'k'.repeat(10_000)}`,
      'bearer \t',
      'Basic Zm9vOmJhcg==',
      'Bearer sk-alfred-\u00e9\u00ff',
      'Token x',
    ].flatMap((authorization) =>
      Array.from({ length: 3 }, () => ({
        kind: 'bad-auth',
        method: 'POST' as const,
        body: '{}',
        authorization,
      })),
    ),
    ...[1, 2, 3].map((mb) => ({
      kind: 'huge-string',
      method: 'POST' as const,
      body:
        endpoint === 'chat'
          ? json({
              model: 'gpt-4o-mini',
              max_tokens: 2,
              messages: [{ role: 'user', content: 'ü'.repeat(mb * 500_000) }],
            })
          : json({
              model: 'text-embedding-3-small',
              input: 'ü'.repeat(mb * 500_000),
              dimensions: 8,
            }),
    })),
    {
      kind: 'over-limit',
      method: 'POST' as const,
      body: json({ model: 'gpt-4o-mini', input: 'x'.repeat(21 * 1024 * 1024) }),
    },
    ...Array.from({ length: 8 }, () => ({
      kind: 'slow-body',
      method: 'POST' as const,
      body: json({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'slow' }],
        input: 'slow',
      }),
      dribbleMs: 1_500,
    })),
    ...(['GET', 'PUT', 'DELETE'] as const).map((method) => ({
      kind: 'wrong-method',
      method,
      body: undefined,
    })),
  ];
  if (endpoint === 'chat') {
    requests.push(
      ...sample(validChatWithOddContent, share, 8).map((v) => ({
        kind: 'odd-unicode-valid',
        method: 'POST' as const,
        body: json(v),
      })),
    );
  }
  return requests;
}

/** Hostile requests for the GET endpoints: odd ids, query strings, bodies where none belong. */
export function hostileReads(count: number): HostileRequest[] {
  const suffixes = sample(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 100 }).map(encodeURIComponent),
      fc.constantFrom(
        '%00',
        '%ZZ',
        '..%2F..%2Fetc%2Fpasswd',
        '?' + 'a=1&'.repeat(1000),
        '%F0%9F%98',
        'x'.repeat(8_000),
        '/../../',
      ),
    ),
    count,
    9,
  );
  return suffixes.map((pathSuffix, i) => ({
    kind: 'hostile-read',
    method: 'GET' as const,
    pathSuffix,
    body: i % 3 === 0 ? '{"__proto__":{}}' : undefined,
    contentType: i % 3 === 0 ? 'application/json' : undefined,
  }));
}
