/**
 * The gateway's shape with none of its logic, ingress side (bench phase `floor`): an HTTP
 * server that reads the JSON body, makes one Redis script call (where ingress reserves
 * credits), sends the body to a worker by NATS request-reply on an inbox of its own and
 * writes the reply back. No auth, validation, routing, rate limits, metrics or logging:
 * what is left is the cost of the hops themselves, on this machine. Prints `listening`.
 */
import { createServer } from 'node:http';
import { createInbox, connect } from '@nats-io/transport-node';
import { serviceNatsOptions } from '@alfred/service-process';
import { Redis } from 'ioredis';

const port = Number(process.env.FLOOR_PORT);
const subject = process.env.FLOOR_SUBJECT;
if (!port || !subject) throw new Error('FLOOR_PORT and FLOOR_SUBJECT are required');
const counterKey = `${subject}:admitted`;

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const admit = (): Promise<unknown> =>
  redis
    .evalsha(admitSha, 1, counterKey, '1')
    .catch(() => redis.eval(admitScript, 1, counterKey, '1'));
const admitScript = "return redis.call('HINCRBY', KEYS[1], 'n', ARGV[1])";
const admitSha = (await redis.script('LOAD', admitScript)) as string;

const nc = await connect(
  serviceNatsOptions(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench-floor-ingress'),
);
const inbox = createInbox();
const waiting = new Map<string, (reply: Uint8Array) => void>();
let nextToken = 0;
nc.subscribe(`${inbox}.*`, {
  callback: (_error, msg) => {
    const token = msg.subject.slice(inbox.length + 1);
    waiting.get(token)?.(msg.data);
    waiting.delete(token);
  },
});

const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    try {
      JSON.parse(body.toString()); // a gateway has to read what it forwards
    } catch {
      res.writeHead(400).end();
      return;
    }
    void admit().then(() => {
      const token = (nextToken++).toString(36);
      waiting.set(token, (reply) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(reply);
      });
      nc.publish(subject, body, { reply: `${inbox}.${token}` });
    });
  });
});
server.listen(port, '127.0.0.1', () => console.log('listening'));

const stop = () => {
  server.close();
  redis.disconnect();
  void nc.drain().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
