import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** A real pino logger writing into memory: each entry is one parsed log line. */
function capturedLogger(level = 'debug') {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger('test', { level, destination });
  return { log, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const pii = {
  email: 'jane.doe@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
  ssn: '123-45-6789',
  key: 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z',
};
const everyValue = Object.values(pii);

function expectNoPii(raw: string[]) {
  const all = raw.join('\n');
  for (const value of everyValue) expect(all).not.toContain(value);
}

describe('createLogger keeps PII out of every line', () => {
  it('redacts fields at any depth, the message and printf values', () => {
    const { log, raw, lines } = capturedLogger();
    log.debug(
      { requestId: 'r1', body: { messages: [{ role: 'user', content: `I am ${pii.email}` }] } },
      `card ${pii.card} from %s`,
      pii.iban,
    );
    log.info(`call ${pii.phone}`);
    log.warn('ssn %s, key %o', pii.ssn, { key: pii.key });
    expectNoPii(raw);
    const [first, second, third] = lines();
    expect(first).toMatchObject({
      level: 'debug',
      requestId: 'r1',
      body: { messages: [{ role: 'user', content: 'I am [EMAIL]' }] },
      msg: 'card [CARD] from [IBAN]',
    });
    expect(second!.msg).toBe('call [PHONE]');
    expect(third!.msg).toContain('ssn [NATIONAL_ID], key');
  });

  it('redacts errors: message, stack, cause and attached fields', () => {
    const { log, raw, lines } = capturedLogger();
    const cause = new Error(`upstream echoed ${pii.card}`);
    const error = Object.assign(new Error(`bad prompt from ${pii.email}`, { cause }), {
      body: pii.iban,
    });
    log.error({ err: error, requestId: 'r2' }, 'request failed');
    log.error(error);
    expectNoPii(raw);
    const [withKey, alone] = lines();
    expect(withKey!.err).toMatchObject({
      type: 'Error',
      message: 'bad prompt from [EMAIL]',
      body: '[IBAN]',
      cause: { message: 'upstream echoed [CARD]' },
    });
    expect((withKey!.err as { stack: string }).stack).toContain('Error: bad prompt from [EMAIL]');
    expect(alone).toMatchObject({ msg: 'bad prompt from [EMAIL]', err: { type: 'Error' } });
  });

  it('redacts child bindings and keeps path-based secret redaction', () => {
    const { log, raw, lines } = capturedLogger();
    log
      .child({ tenant: 'acme' })
      .child({ user: pii.email })
      .info({ headers: { authorization: `Bearer ${pii.key}` }, apiKey: 'plain' }, 'hello');
    expectNoPii(raw);
    expect(lines()[0]).toMatchObject({
      tenant: 'acme',
      user: '[EMAIL]',
      headers: { authorization: '[redacted]' },
      apiKey: '[redacted]',
      msg: 'hello',
    });
  });

  it('prints a raw HTTP request through the request serializer, redacted', () => {
    const { log, raw, lines } = capturedLogger();
    const request = {
      method: 'GET',
      url: `/v1/customers?email=${pii.email}`,
      headers: { authorization: `Bearer ${pii.key}`, 'x-customer': pii.phone },
      socket: { remoteAddress: '127.0.0.1', remotePort: 4321 },
    };
    log.info(request, 'raw request');
    expectNoPii(raw);
    expect(lines()[0]).toMatchObject({
      req: {
        method: 'GET',
        url: '/v1/customers?email=[EMAIL]',
        headers: { authorization: '[redacted]', 'x-customer': '[PHONE]' },
      },
    });
  });

  it('leaves clean lines as they were', () => {
    const { log, lines } = capturedLogger('info');
    log.debug({ body: pii.email }, 'not written');
    log.info({ requestId: 'r3', status: 200, ms: 1.25, route: '/v1/chat/completions' }, 'request');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      level: 'info',
      service: 'test',
      requestId: 'r3',
      status: 200,
      ms: 1.25,
      route: '/v1/chat/completions',
      msg: 'request',
    });
  });
});
