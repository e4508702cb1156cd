import type { BenchSettings } from './bench-settings.ts';
import { chatRequestBody, workRequestEnvelope } from './chat-workload.ts';
import type { LoadTarget } from './load/load-job.ts';
import { cachedModelName } from './stack/bench-gateway-config.ts';
import type { RunningStack } from './stack/stack-processes.ts';

/** A load target with the name it has in the report. */
export interface LabeledTarget {
  /**
   * `a`, `b`: the references; `c` the system under test; `d` it with credits off; `m` it
   * with credits metered; `e` it answering from the cache; `s` the gateway's bare shape
   * (bench/src/stack/floor).
   */
  key: 'a' | 'b' | 'c' | 'd' | 'e' | 'm' | 's';
  label: string;
  target: LoadTarget;
}

/** (a) The upstream called directly: what a client would see without the gateway. */
export function upstreamDirect(
  stack: RunningStack,
  settings: BenchSettings,
  stream: boolean,
): LabeledTarget {
  return {
    key: 'a',
    label: 'a upstream direct',
    target: {
      kind: 'http',
      url: `${stack.upstreamBaseUrl}/chat/completions`,
      headers: {
        'content-type': 'application/json',
        ...(stack.upstreamApiKey ? { authorization: `Bearer ${stack.upstreamApiKey}` } : {}),
      },
      body: chatRequestBody(settings, stream),
      stream,
    },
  };
}

/** (b) A bare NATS request-reply of the same sizes: the floor any NATS hop costs. */
export function natsEcho(stack: RunningStack, settings: BenchSettings): LabeledTarget {
  return {
    key: 'b',
    label: 'b NATS echo',
    target: {
      kind: 'nats',
      natsUrl: stack.natsUrl,
      subject: stack.echoSubject,
      payload: workRequestEnvelope(chatRequestBody(settings, false)),
    },
  };
}

/** A chat completion through one of the stack's ingress processes, with the run's key. */
function throughIngress(
  stack: RunningStack,
  ingressUrl: string,
  settings: BenchSettings,
  stream: boolean,
): LoadTarget {
  return {
    kind: 'http',
    url: `${ingressUrl}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` },
    body: chatRequestBody(settings, stream),
    stream,
  };
}

/** (c) The system under test: ingress → NATS → worker → upstream, with an API key. */
export function fullStack(
  stack: RunningStack,
  settings: BenchSettings,
  stream: boolean,
): LabeledTarget {
  return {
    key: 'c',
    label: 'c full stack',
    target: throughIngress(stack, stack.ingressUrl, settings, stream),
  };
}

/**
 * (m) The same full stack through an ingress with INGRESS_CREDITS=meter: usage priced,
 * published and written by the ledger as with credits on, but no reservation, rate limit
 * or settlement.
 */
export function fullStackMetered(stack: RunningStack, settings: BenchSettings): LabeledTarget {
  return {
    key: 'm',
    label: 'm full stack, credits metered',
    target: throughIngress(stack, stack.ingressMeteredUrl, settings, false),
  };
}

/** (d) The same full stack through an ingress with INGRESS_CREDITS=off: no economy. */
export function fullStackWithoutCredits(
  stack: RunningStack,
  settings: BenchSettings,
): LabeledTarget {
  return {
    key: 'd',
    label: 'd full stack, credits off',
    target: throughIngress(stack, stack.ingressWithoutCreditsUrl, settings, false),
  };
}

/** (e) The full stack answered from the exact cache: the same request to the cached model. */
export function fullStackCacheHit(stack: RunningStack, settings: BenchSettings): LabeledTarget {
  return {
    key: 'e',
    label: 'e full stack, cache hit',
    target: throughIngress(
      stack,
      stack.ingressUrl,
      { ...settings, model: cachedModelName(settings.model) },
      false,
    ),
  };
}

/** (s) The gateway's shape without its logic: the same hops, nothing done between them. */
export function bareShape(url: string, settings: BenchSettings): LabeledTarget {
  return {
    key: 's',
    label: 's bare shape',
    target: {
      kind: 'http',
      url: `${url}/v1/chat/completions`,
      headers: { 'content-type': 'application/json' },
      body: chatRequestBody(settings, false),
      stream: false,
    },
  };
}
