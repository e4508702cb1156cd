import { failingRequestValues as failing, piiPrompts } from './pii-prompt-corpus.ts';

/** One request of the PII test: where it goes, what it carries, what the client must get. */
export interface PiiRequest {
  name: string;
  path: string;
  /** A string is sent as is (invalid JSON on purpose); anything else as JSON. */
  body: string | object | null;
  /** Sent as `Bearer <key>` instead of the test's key. */
  key?: string;
  method?: 'GET' | 'POST';
  status: number;
}

/**
 * The corpus prompt at `index` as a chat request, varied so that every connector and reply
 * path sees PII: OpenAI and Anthropic, streamed or not, string or text-part content, a
 * system message, and the address again in `user` and `metadata`.
 */
export function chatBody(index: number) {
  const prompt = piiPrompts[index]!;
  const content = index % 5 === 0 ? [{ type: 'text', text: prompt.content }] : prompt.content;
  const email = prompt.values.find((value) => value.includes('@'));
  return {
    model: index % 3 === 0 ? 'claude-sonnet' : 'gpt-4o-mini',
    messages: [
      ...(prompt.system ? [{ role: 'system', content: prompt.system }] : []),
      { role: 'user', content },
    ],
    stream: index % 2 === 0,
    ...(email ? { user: email, metadata: { customer: email } } : {}),
  };
}

const chat = '/v1/chat/completions';
const ask = (model: string, content: string, extra: object = {}) => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});

/** Requests that fail on the way in or on the way back, each carrying PII where it fails. */
export const failingRequests: PiiRequest[] = [
  {
    name: 'schema violation quoting PII',
    path: chat,
    body: ask('gpt-4o-mini', 'hi', { temperature: failing.email }),
    status: 400,
  },
  {
    name: 'messages not an array',
    path: chat,
    body: { model: 'gpt-4o-mini', messages: `call ${failing.phone}` },
    status: 400,
  },
  {
    name: 'body that is not JSON',
    path: chat,
    body: `{"model": "gpt-4o-mini", card ${failing.card}`,
    status: 400,
  },
  {
    name: 'unknown model named by PII',
    path: chat,
    body: ask(failing.email, failing.iban),
    status: 404,
  },
  {
    name: 'provider failing with 500',
    path: chat,
    body: ask('failing-model', piiPrompts[0]!.content),
    status: 502,
  },
  {
    name: 'provider 400 echoing the prompt',
    path: chat,
    body: ask('echoing-model', piiPrompts[10]!.content),
    status: 400,
  },
  {
    name: 'provider 400 echoing a stream request',
    path: chat,
    body: ask('echoing-model', piiPrompts[21]!.content, { stream: true }),
    status: 400,
  },
  {
    name: 'unknown key that is itself a secret',
    path: chat,
    body: chatBody(1),
    key: failing.alfredKey,
    status: 401,
  },
  {
    name: 'query string with PII',
    path: `${chat}?email=${encodeURIComponent(failing.email)}&ssn=${failing.ssn}`,
    body: chatBody(2),
    status: 200,
  },
  {
    name: 'unknown route named by PII',
    path: `/v1/customers/${failing.email}/cards/${failing.card.replace(/[ -]/g, '')}`,
    body: null,
    method: 'GET',
    status: 404,
  },
  {
    name: 'embeddings of PII',
    path: '/v1/embeddings',
    body: {
      model: 'text-embedding-3-small',
      input: piiPrompts.slice(0, 5).map((prompt) => prompt.content),
    },
    status: 200,
  },
];

/** Every form a value could take in a JSON log line: as written, JSON-escaped, compacted. */
export function needlesOf(value: string): string[] {
  const needles = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const compact = value.replace(/[ .()-]/g, '');
  if (/\d/.test(compact) && compact.length >= 9) needles.add(compact);
  return [...needles];
}
