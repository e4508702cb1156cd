import { describe, expect, it } from 'vitest';
import { ingressSettingsFromEnv } from './settings.ts';

describe('ingress settings', () => {
  it('reads INGRESS_CREDITS as on (the default), meter or off, and refuses anything else', () => {
    expect(ingressSettingsFromEnv({}).credits).toBe('on');
    expect(ingressSettingsFromEnv({ INGRESS_CREDITS: '' }).credits).toBe('on');
    expect(ingressSettingsFromEnv({ INGRESS_CREDITS: 'meter' }).credits).toBe('meter');
    expect(ingressSettingsFromEnv({ INGRESS_CREDITS: 'off' }).credits).toBe('off');
    expect(() => ingressSettingsFromEnv({ INGRESS_CREDITS: 'false' })).toThrow(
      "INGRESS_CREDITS must be one of on, meter, off, got 'false'",
    );
  });
});
