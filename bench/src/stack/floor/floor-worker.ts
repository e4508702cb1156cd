/**
 * The gateway's shape with none of its logic, worker side (bench phase `floor`): takes
 * requests from a NATS queue group, posts each body to the upstream over a keep-alive
 * pool, publishes a usage event to JetStream (Nats-Msg-Id, acknowledged, as a billed
 * answer is) and replies with the upstream's body. No routing, retries, translation,
 * caching or settlement. Prints `ready` once subscribed.
 */
import { createInbox, connect, headers as natsHeaders } from '@nats-io/transport-node';
import { serviceNatsOptions } from '@alfred/service-process';
import { Pool } from 'undici';

const subject = process.env.FLOOR_SUBJECT;
const usageSubject = process.env.FLOOR_USAGE_SUBJECT;
const upstreamUrl = process.env.FLOOR_UPSTREAM_URL;
if (!subject || !usageSubject || !upstreamUrl) {
  throw new Error('FLOOR_SUBJECT, FLOOR_USAGE_SUBJECT and FLOOR_UPSTREAM_URL are required');
}
const upstream = new URL(upstreamUrl);
const pool = new Pool(upstream.origin, { connections: 64 });

const nc = await connect(
  serviceNatsOptions(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench-floor-worker'),
);
const ackInbox = createInbox();
const acks = new Map<string, () => void>();
let nextToken = 0;
nc.subscribe(`${ackInbox}.*`, {
  callback: (_error, msg) => {
    const token = msg.subject.slice(ackInbox.length + 1);
    acks.get(token)?.();
    acks.delete(token);
  },
});

nc.subscribe(subject, {
  queue: 'bench-floor',
  callback: (_error, msg) => {
    void pool
      .request({
        path: upstream.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: msg.data,
      })
      .then(async (response) => {
        const answer = await response.body.text();
        const token = (nextToken++).toString(36);
        const headers = natsHeaders();
        headers.set('Nats-Msg-Id', `floor-${token}`);
        const acknowledged = new Promise<void>((resolve) => acks.set(token, resolve));
        nc.publish(usageSubject, `{"requestId":"floor-${token}","bytes":${answer.length}}`, {
          reply: `${ackInbox}.${token}`,
          headers,
        });
        msg.respond(answer);
        await acknowledged;
      });
  },
});
await nc.flush();
console.log('ready');

const stop = () => void nc.drain().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
