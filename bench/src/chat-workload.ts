import { randomBytes, randomUUID } from 'node:crypto';
import type { BenchSettings } from './bench-settings.ts';

/** The one chat request every HTTP target is sent, streamed or not. */
export function chatRequestBody(
  settings: Pick<BenchSettings, 'model' | 'maxTokens'>,
  stream: boolean,
): string {
  return JSON.stringify({
    model: settings.model,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'In two sentences, why do gateways measure their own overhead?' },
    ],
    max_tokens: settings.maxTokens,
    temperature: 0,
    ...(stream ? { stream: true } : {}),
  });
}

/**
 * The NATS echo's request: shaped and sized like the envelope ingress publishes to a
 * worker for the same chat request, so the floor moves the same number of bytes.
 */
export function workRequestEnvelope(chatBody: string): string {
  return JSON.stringify({
    v: 1,
    id: `req_${randomBytes(16).toString('hex')}`,
    operation: 'chat.completions',
    model: (JSON.parse(chatBody) as { model: string }).model,
    stream: false,
    deadline: Date.now() + 600_000,
    caller: { orgId: randomUUID(), keyId: randomUUID(), teamId: null },
    body: JSON.parse(chatBody) as unknown,
  });
}
