/**
 * What redaction costs per call, for the strings loggers see most (short, clean), a typical
 * log object, and a long prompt full of PII. Prints ns/op; not a test.
 *   node packages/pii-redaction/bench/redact-bench.ts   (BENCH_MS per case, default 500)
 */
import { redactPii, redactPiiDeep } from '../src/index.ts';

const budgetMs = Number(process.env.BENCH_MS ?? 500);

const paragraph =
  'Hi, I am Jane Doe (jane.doe@example.com, +44 20 7946 0958). Please refund card ' +
  '4111 1111 1111 1111 to DE89 3704 0044 0532 0130 00; my SSN is 123-45-6789 and the ' +
  'API key we rotated was sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z. Order 123456789, ' +
  'placed 2025-11-26T16:41:00Z, shipped in 3 boxes. ';

const cases: [string, () => unknown][] = [
  ['clean word ("request")', () => redactPii('request')],
  ['clean message without digits', () => redactPii('client went away; upstream call cancelled')],
  ['request id with digits', () => redactPii('7f3c9a2e-1b4d-4c8e-9f00-3a5b6c7d8e9f')],
  [
    'access-log object (deep)',
    () =>
      redactPiiDeep({
        requestId: 'r7f3c9a2e1b4d',
        method: 'POST',
        route: '/v1/chat/completions',
        status: 200,
        ms: 12.345,
      }),
  ],
  ['1 KB of PII-dense prose', () => redactPii(paragraph.repeat(3))],
  ['100 KB prompt, PII-dense', () => redactPii(paragraph.repeat(300))],
  [
    '100 KB prompt, clean prose',
    () => redactPii('the quick brown fox jumps over it. '.repeat(2900)),
  ],
];

for (const [name, run] of cases) {
  for (let i = 0; i < 200; i++) run(); // warm-up
  let ops = 0;
  const started = process.hrtime.bigint();
  const deadline = performance.now() + budgetMs;
  while (performance.now() < deadline) {
    for (let i = 0; i < 10; i++) run();
    ops += 10;
  }
  const ns = Number(process.hrtime.bigint() - started) / ops;
  console.log(`${name.padEnd(34)} ${ns.toFixed(0).padStart(12)} ns/op`);
}
