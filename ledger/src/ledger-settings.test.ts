import { LEDGER_CONSUMER, USAGE_STREAM, USAGE_SUBJECTS } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { ledgerSettingsFromEnv } from './ledger-settings.ts';

describe('ledger settings', () => {
  it('defaults to the contract names, port 9464 and batches of 1,000', () => {
    expect(ledgerSettingsFromEnv({})).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      metricsHost: '127.0.0.1',
      metricsPort: 9464,
      batchSize: 1_000,
      ackWaitMs: 30_000,
      streamName: USAGE_STREAM,
      subjects: USAGE_SUBJECTS,
      consumerName: LEDGER_CONSUMER,
    });
  });

  it('reads overrides and refuses nonsense', () => {
    expect(
      ledgerSettingsFromEnv({
        LEDGER_METRICS_PORT: '0',
        LEDGER_BATCH_SIZE: '50',
        LEDGER_STREAM: 'S',
      }),
    ).toMatchObject({ metricsPort: 0, batchSize: 50, streamName: 'S' });
    expect(() => ledgerSettingsFromEnv({ LEDGER_BATCH_SIZE: '0' })).toThrow(/LEDGER_BATCH_SIZE/);
    expect(() => ledgerSettingsFromEnv({ LEDGER_ACK_WAIT_MS: 'soon' })).toThrow(
      /LEDGER_ACK_WAIT_MS/,
    );
  });
});
