import { createHash } from 'node:crypto';
import type { ChatCompletionRequest } from '@alfred/contracts';

/**
 * The cache identity of a chat completion request: the model and every parameter that can
 * change the answer, in one canonical form, so that requests an OpenAI model would answer
 * the same way share a key. Canonical means: keys sorted, `null` and OpenAI's documented
 * defaults collapsed into absence, `stop` as a sorted set, a lone text part as a string.
 * Fields about delivery or bookkeeping (`stream`, `user`, `metadata`...) are left out.
 *
 * Values whose key order carries meaning are kept verbatim: a JSON Schema's property order
 * is the order a strict structured output writes them in, so tool `parameters` and
 * `response_format.json_schema` are not sorted; neither are unknown passthrough fields,
 * whose meaning we do not know. Keeping an order can only cost a hit, never serve a wrong one.
 */

/** Bumped whenever canonicalisation changes, so no entry is read with a new meaning. */
const FINGERPRINT_VERSION = 1;

/** Keyed on their own (model, messages), or about delivery and bookkeeping, not the answer. */
const notParameters = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
]);

/** OpenAI's documented defaults: sending them is the same as not sending them. */
const defaults: Record<string, unknown> = {
  temperature: 1,
  top_p: 1,
  n: 1,
  presence_penalty: 0,
  frequency_penalty: 0,
  logprobs: false,
};

/** A value serialized exactly as given, keys in their original order. */
class Verbatim {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

export interface NormalizedRequest {
  model: string;
  messages: Record<string, unknown>[];
  /** Every output-affecting parameter other than model and messages. */
  parameters: Record<string, unknown>;
}

export function normalizeRequest(request: ChatCompletionRequest): NormalizedRequest {
  return {
    model: request.model,
    messages: request.messages.map((m) => normalizeMessage(m as Record<string, unknown>)),
    parameters: normalizeParameters(request as Record<string, unknown>),
  };
}

/** sha256 hex of the normalized request: the exact cache's key within an org. */
/**
 * Kept per request object: a miss computes it on lookup and needs it again to store the
 * answer. Requests are not changed once parsed, so the first fingerprint stays right.
 */
const fingerprints = new WeakMap<ChatCompletionRequest, string>();

export function requestFingerprint(request: ChatCompletionRequest): string {
  let fingerprint = fingerprints.get(request);
  if (fingerprint === undefined) {
    fingerprint = fingerprintOf(normalizeRequest(request));
    fingerprints.set(request, fingerprint);
  }
  return fingerprint;
}

/** sha256 hex of any normalized value, version-tagged. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ v: FINGERPRINT_VERSION, value }))
    .digest('hex');
}

function normalizeParameters(request: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value == null || notParameters.has(key)) continue;
    if (key in defaults && defaults[key] === value) continue;
    out[key] = value;
  }
  const hasTools = Array.isArray(out.tools) && out.tools.length > 0;
  if (hasTools) {
    out.tools = (out.tools as Record<string, unknown>[]).map(normalizeTool);
    if (out.tool_choice === 'auto') delete out.tool_choice;
    if (out.parallel_tool_calls === true) delete out.parallel_tool_calls;
  } else {
    delete out.tools;
    // Without tools the model can call none, whatever these say.
    if (out.tool_choice === 'none') delete out.tool_choice;
    delete out.parallel_tool_calls;
  }
  if (out.logprobs !== true) delete out.top_logprobs;
  const stop = typeof out.stop === 'string' ? [out.stop] : out.stop;
  if (Array.isArray(stop) && stop.length > 0) out.stop = [...new Set(stop as string[])].sort();
  else delete out.stop;
  if (isObject(out.logit_bias) && Object.keys(out.logit_bias).length === 0) delete out.logit_bias;
  const format = out.response_format;
  if (isObject(format)) {
    if (format.type === 'text' && Object.keys(format).length === 1) delete out.response_format;
    else if (format.type === 'json_schema') {
      out.response_format = { ...format, json_schema: new Verbatim(format.json_schema) };
    }
  }
  for (const key of Object.keys(out)) {
    if (!knownParameters.has(key)) out[key] = new Verbatim(out[key]);
  }
  return out;
}

const knownParameters = new Set([
  'n',
  'stop',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
]);

function normalizeTool(tool: Record<string, unknown>): Record<string, unknown> {
  const fn = tool.function;
  if (!isObject(fn) || fn.parameters === undefined) return tool;
  return { ...tool, function: { ...fn, parameters: new Verbatim(fn.parameters) } };
}

function normalizeMessage(message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (value != null) out[key] = value;
  }
  const content = out.content;
  if (Array.isArray(content) && content.length === 1) {
    const part = content[0] as Record<string, unknown>;
    if (part.type === 'text' && Object.keys(part).length === 2) out.content = part.text;
  }
  if (Array.isArray(out.tool_calls) && out.tool_calls.length === 0) delete out.tool_calls;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, except inside Verbatim values. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Verbatim) return JSON.stringify(value.value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
