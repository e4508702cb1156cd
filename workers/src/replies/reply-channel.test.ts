import { connect, type NatsConnection } from '@nats-io/transport-node';
import { decodeReply, STREAM_WINDOW, gatewayErrors } from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientGoneError, ReplyChannel } from './reply-channel.ts';

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
});
afterAll(() => nc.close());

function inbox() {
  const subject = `test.reply.${Math.random().toString(36).slice(2)}`;
  const received: {
    kind: string;
    seq: string;
    status: string;
    control: string;
    data: string;
    forwarded: string;
  }[] = [];
  nc.subscribe(subject, {
    callback: (_e, msg) => {
      const { head, data } = decodeReply(msg.data);
      received.push({
        kind: head.kind,
        seq: String(head.seq),
        status: String(head.status),
        control: head.control ?? '',
        forwarded: head.headers?.['x-alfred-deployment'] ?? '',
        data: new TextDecoder().decode(data),
      });
    },
  });
  return { subject, received };
}

describe('reply channel', () => {
  it('sends at most a window of chunks before it waits for an acknowledgement', async () => {
    const { subject, received } = inbox();
    const channel = new ReplyChannel(nc, subject, 'control.subject');
    channel.setHeader('x-alfred-deployment', 'dep-1');
    for (let i = 1; i < STREAM_WINDOW; i++) await channel.sendChunk(`data: ${i}\n\n`);
    let released = false;
    const blocked = channel.sendChunk('data: last\n\n').then(() => (released = true));
    await nc.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(released).toBe(false);
    expect(received).toHaveLength(STREAM_WINDOW);
    expect(received[0]).toMatchObject({
      kind: 'chunk',
      seq: '1',
      status: '200',
      control: 'control.subject',
      forwarded: 'dep-1',
    });
    expect(received[1]!.control).toBe('');

    channel.acknowledge(STREAM_WINDOW / 2);
    await blocked;
    expect(released).toBe(true);
    channel.end('data: [DONE]\n\n');
    await nc.flush();
    expect(received.at(-1)).toMatchObject({
      kind: 'end',
      seq: String(STREAM_WINDOW + 1),
      data: 'data: [DONE]\n\n',
    });
  });

  it('stops waiting with ClientGoneError when the request is aborted', async () => {
    const { subject } = inbox();
    const channel = new ReplyChannel(nc, subject, 'c');
    for (let i = 1; i < STREAM_WINDOW; i++) await channel.sendChunk('data: x\n\n');
    const blocked = channel.sendChunk('data: x\n\n');
    channel.abort();
    await expect(blocked).rejects.toBeInstanceOf(ClientGoneError);
  });

  it('sends errors with their status and forwarded headers, and whole responses', async () => {
    const { subject, received } = inbox();
    new ReplyChannel(nc, subject, 'c').fail(gatewayErrors.noWorkers('p'));
    new ReplyChannel(nc, subject, 'c').respond(200, '{"ok":true}');
    await nc.flush();
    expect(received[0]).toMatchObject({ kind: 'error', status: '503' });
    expect(JSON.parse(received[0]!.data).error.code).toBe('no_workers');
    expect(received[1]).toMatchObject({ kind: 'response', status: '200', data: '{"ok":true}' });
  });
});
