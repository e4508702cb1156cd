import { connect, type NatsConnection } from '@nats-io/transport-node';
import { decodeReply, type ReplyKind } from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
let nc: NatsConnection;
/** Reply messages to ingress, per reply subject, of the requests this stack's worker serves. */
const replies = new Map<string, { kind: ReplyKind; data: string }[]>();

beforeAll(async () => {
  stack = await startTestStack({ workers: 1 });
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const workerId = stack.workers[0]!.status().workerId;
  nc.subscribe('_INBOX.alfred.>', {
    callback: (_error, msg) => {
      const { head, data } = decodeReply(msg.data);
      const ours = head.headers?.['x-alfred-worker'] === workerId;
      if (!ours && !replies.has(msg.subject)) return; // another stack's request
      const messages = replies.get(msg.subject) ?? [];
      messages.push({ kind: head.kind, data: new TextDecoder().decode(data) });
      replies.set(msg.subject, messages);
    },
  });
  await nc.flush();
});
afterAll(async () => {
  await nc.close();
  await stack.close();
});

async function streamed(): Promise<string> {
  replies.clear();
  const response = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      stream: true,
      max_tokens: 12,
      messages: [{ role: 'user', content: 'count for me' }],
    }),
  });
  expect(response.status).toBe(200);
  const body = await response.text();
  expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  await nc.flush();
  return body;
}

describe('the messages of a streamed answer between worker and ingress', () => {
  it('carries a stream that reached the worker in one read as one message', async () => {
    const body = await streamed();

    const [messages, ...others] = [...replies.values()];
    expect(others).toHaveLength(0);
    expect(messages?.map((m) => m.kind)).toEqual(['end']);
    // Everything the client got, the chunks and [DONE], was in it.
    expect(body.endsWith(messages![0]!.data)).toBe(true);
    expect(messages![0]!.data.match(/chat\.completion\.chunk/g)?.length).toBeGreaterThan(10);
  });

  it('sends the chunks of a paced stream as they come, and the end last', async () => {
    stack.upstream.setBehavior({ tokensPerSecond: 200 });
    try {
      await streamed();
    } finally {
      stack.upstream.setBehavior({ tokensPerSecond: 0 });
    }

    const [messages] = [...replies.values()];
    const kinds = messages?.map((m) => m.kind) ?? [];
    expect(kinds.length).toBeGreaterThan(3);
    expect(kinds.at(-1)).toBe('end');
    expect(kinds.slice(0, -1).every((kind) => kind === 'chunk')).toBe(true);
  });
});
