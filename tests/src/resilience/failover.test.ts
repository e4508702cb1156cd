import { reconcile } from '@alfred/accounting';
import { startFakeUpstream, type FailureMode } from '@alfred/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricedModelName, priceModel } from '../test-support/priced-model.ts';
import { startTestLedger } from '../test-support/test-ledger.ts';
import { startTestStack, type FakeUpstream, type TestStack } from '../test-support/test-stack.ts';
import { usageRecordsOnceWritten } from '../test-support/usage-records.ts';

// Two deployments serve one model; the first fails in each of the fake's modes in turn.
// The client should not notice: failover, circuit breaking and cooldowns absorb it.
const model = pricedModelName();
const primary = 'fake-gpt-4o-mini';
const backupDeployment = 'backup-gpt';
const requestsPerMode = 2_000;
const concurrency = 50;
let backup: FakeUpstream;
let stack: TestStack;
let ledger: { stop(): Promise<void> };

beforeAll(async () => {
  await priceModel(model);
  backup = await startFakeUpstream({ port: 0 });
  stack = await startTestStack({
    workerConcurrency: 128,
    // Short circuits, so that the test sees open → half-open → closed in seconds.
    workerEnv: { WORKER_CIRCUIT_OPEN_MS: '200' },
    configure: (config) => ({
      ...config,
      providers: {
        ...config.providers,
        backup: { type: 'openai', baseUrl: `${backup.url}/v1` },
      },
      deployments: [
        ...config.deployments.map((d) =>
          d.id === primary
            ? { ...d, timeouts: { connectMs: 500, firstTokenMs: 500, totalMs: 1_000 } }
            : d,
        ),
        { id: backupDeployment, provider: 'backup', model: 'gpt-4o-mini' },
      ],
      models: [
        ...config.models,
        {
          name: model,
          deployments: [primary, backupDeployment],
          pool: config.models[0]!.pool,
          maxOutputTokens: 50,
        },
      ],
    }),
  });
  ledger = await startTestLedger();
}, 60_000);
afterAll(async () => {
  await ledger?.stop();
  await stack?.close();
  await backup?.close();
});

interface Outcome {
  requestId: string;
  status: number;
  deployment: string | null;
  attempts: number;
  cost: number;
}

async function ask(i: number): Promise<Outcome> {
  const stream = i % 2 === 1;
  const res = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      stream,
      max_tokens: 8,
      messages: [{ role: 'user', content: `request ${i}` }],
    }),
  });
  const text = await res.text();
  const complete = !stream || (text.endsWith('data: [DONE]\n\n') && !text.includes('"error"'));
  const cost = stream
    ? Number(/^: x-alfred-cost-micros=(\d+)$/m.exec(text)?.[1] ?? 0)
    : Number(res.headers.get('x-alfred-cost-micros') ?? 0);
  return {
    requestId: res.headers.get('x-request-id')!,
    status: res.status === 200 && !complete ? 599 : res.status,
    deployment: res.headers.get('x-alfred-deployment'),
    attempts: Number(res.headers.get('x-alfred-attempts') ?? 0),
    cost,
  };
}

async function load(total: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) outcomes.push(await ask(next++));
    }),
  );
  return outcomes;
}

const circuit = () => stack.workers[0]!.health.circuitState(primary);
const told = new Map<string, number>();

async function untilPrimaryServes(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const outcome = await ask(0);
    if (outcome.status === 200) told.set(outcome.requestId, outcome.cost);
    if (outcome.deployment === primary && circuit() === 'closed') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the primary deployment never served again (circuit ${circuit()})`);
}

const modes: { mode: FailureMode; opensCircuit: boolean }[] = [
  { mode: '500', opensCircuit: true },
  { mode: '429', opensCircuit: false },
  { mode: 'timeout', opensCircuit: true },
  { mode: 'reset', opensCircuit: true },
  { mode: 'malformed', opensCircuit: true },
  { mode: 'stream-cut-before-first-byte', opensCircuit: true },
];

describe('failover between two deployments of one model', () => {
  for (const { mode, opensCircuit } of modes) {
    it(`serves ≥ 99.9% of ${requestsPerMode} requests while the first deployment fails with '${mode}', then goes back to it`, async () => {
      stack.upstream.setBehavior({ fail: mode, retryAfterSeconds: 1 });
      let outcomes: Outcome[];
      let stateDuringFailure: string;
      try {
        outcomes = await load(requestsPerMode);
        stateDuringFailure = circuit();
      } finally {
        stack.upstream.setBehavior({ fail: null });
      }
      for (const o of outcomes) if (o.status === 200) told.set(o.requestId, o.cost);
      const ok = outcomes.filter((o) => o.status === 200);
      expect(ok.length / requestsPerMode).toBeGreaterThanOrEqual(0.999);
      // The backup answered, and some answers needed more than one attempt.
      expect(ok.some((o) => o.deployment === backupDeployment)).toBe(true);
      expect(ok.some((o) => o.attempts > 1)).toBe(true);
      if (opensCircuit) expect(stateDuringFailure).not.toBe('closed');
      // Recovered: a probe gets through, the circuit closes, the primary serves again.
      await untilPrimaryServes();
      expect(circuit()).toBe('closed');
    }, 120_000);
  }

  it('billed every answered request once, at the cost it was told, and no failed attempt', async () => {
    const rows = await usageRecordsOnceWritten(
      stack.database,
      stack.orgId,
      (written) => written.length >= told.size,
      30_000,
    );
    expect(rows.length).toBe(told.size);
    for (const row of rows) expect(row.costMicros).toBe(told.get(row.requestId));
    const report = await reconcile(stack.database, { orgId: stack.orgId });
    expect(report.ok).toBe(true);
  }, 60_000);
});
