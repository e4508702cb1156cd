/**
 * Reference (b), the NATS floor: answers every request on BENCH_ECHO_SUBJECT (queue group
 * `bench-echo`) with a fixed reply the size of a chat answer, carrying the same kind of
 * head a worker's reply does. It does no other work, so a round trip through it is
 * the least a request to a worker can cost. Prints `ready` once subscribed.
 */
import { connect } from '@nats-io/transport-node';
import { ENVELOPE_VERSION, encodeReply, type ReplyHead } from '@alfred/contracts';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const subject = process.env.BENCH_ECHO_SUBJECT;
const reply = process.env.BENCH_ECHO_REPLY ?? '{}';
if (!subject) throw new Error('BENCH_ECHO_SUBJECT is required');

const nc = await connect({ servers: natsUrl, name: 'bench-nats-echo' });
nc.subscribe(subject, {
  queue: 'bench-echo',
  callback: (_error, msg) => {
    const head: ReplyHead = {
      v: ENVELOPE_VERSION,
      kind: 'response',
      status: 200,
      seq: 0,
      headers: { 'x-alfred-deployment': 'bench-echo', 'x-alfred-upstream-ms': '0.000' },
    };
    msg.respond(encodeReply(head, reply));
  },
});
await nc.flush();
console.log('ready');

const stop = () => void nc.drain().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
