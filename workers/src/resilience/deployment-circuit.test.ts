import { describe, expect, it } from 'vitest';
import { DeploymentCircuit, type DeploymentCircuitOptions } from './deployment-circuit.ts';

/** A circuit on a clock the test moves by hand, recording its state changes. */
function circuitAt(start: number, options: DeploymentCircuitOptions = {}) {
  const time = { now: start };
  const changes: string[] = [];
  const circuit = new DeploymentCircuit({
    failureThreshold: 3,
    openMs: 1_000,
    maxOpenMs: 5_000,
    ...options,
    clock: () => time.now,
    onStateChange: (state, previous) => changes.push(`${previous}->${state}`),
  });
  return { circuit, time, changes };
}

function failTimes(circuit: DeploymentCircuit, times: number): void {
  for (let i = 0; i < times; i++) circuit.recordFailure(circuit.tryAcquire());
}

describe('DeploymentCircuit', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { circuit, changes } = circuitAt(0);
    failTimes(circuit, 2);
    expect(circuit.state).toBe('closed');
    expect(circuit.isAvailable()).toBe(true);
    failTimes(circuit, 1);
    expect(circuit.state).toBe('open');
    expect(circuit.isAvailable()).toBe(false);
    expect(circuit.tryAcquire()).toBeUndefined();
    expect(changes).toEqual(['closed->open']);
  });

  it('forgets failures once a call succeeds', () => {
    const { circuit } = circuitAt(0);
    failTimes(circuit, 2);
    circuit.recordSuccess(circuit.tryAcquire());
    failTimes(circuit, 2);
    expect(circuit.state).toBe('closed');
  });

  it('lets exactly one probe through once the open time is over', () => {
    const { circuit, time } = circuitAt(0);
    failTimes(circuit, 3);
    time.now = 999;
    expect(circuit.isAvailable()).toBe(false);
    time.now = 1_000;
    expect(circuit.state).toBe('half-open');
    expect(circuit.isAvailable()).toBe(true);
    const probe = circuit.tryAcquire();
    expect(probe?.probe).toBe(true);
    // Concurrent callers see the deployment unavailable while the probe is out.
    expect(circuit.isAvailable()).toBe(false);
    expect(circuit.tryAcquire()).toBeUndefined();
  });

  it('closes when the probe succeeds', () => {
    const { circuit, time, changes } = circuitAt(0);
    failTimes(circuit, 3);
    time.now = 1_000;
    circuit.recordSuccess(circuit.tryAcquire());
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toEqual({ probe: false, generation: expect.any(Number) });
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('re-opens for twice as long on each failed probe, up to the cap', () => {
    const { circuit, time } = circuitAt(0);
    failTimes(circuit, 3);
    const openTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      time.now = circuit.openUntil!;
      const probe = circuit.tryAcquire();
      expect(probe?.probe).toBe(true);
      circuit.recordFailure(probe);
      openTimes.push(circuit.openUntil! - time.now);
    }
    expect(openTimes).toEqual([2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('starts again from the first open time after it closed', () => {
    const { circuit, time } = circuitAt(0);
    failTimes(circuit, 3);
    time.now = 1_000;
    circuit.recordFailure(circuit.tryAcquire()); // open for 2 s
    time.now = 3_000;
    circuit.recordSuccess(circuit.tryAcquire());
    failTimes(circuit, 3);
    expect(circuit.openUntil! - time.now).toBe(1_000);
  });

  it('ignores the verdict of a call that started before the circuit opened', () => {
    const { circuit, time } = circuitAt(0);
    const slow = circuit.tryAcquire()!;
    failTimes(circuit, 3);
    time.now = 1_000;
    const probe = circuit.tryAcquire()!;
    circuit.recordSuccess(slow);
    expect(circuit.state).toBe('half-open');
    circuit.recordFailure(slow);
    expect(circuit.state).toBe('half-open');
    circuit.recordSuccess(probe);
    expect(circuit.state).toBe('closed');
  });

  it('frees the probe when it ends without a verdict', () => {
    const { circuit, time } = circuitAt(0);
    failTimes(circuit, 3);
    time.now = 1_000;
    circuit.release(circuit.tryAcquire()!);
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryAcquire()?.probe).toBe(true);
  });

  it('lets another caller probe once a probe has been silent past its lease', () => {
    const { circuit, time } = circuitAt(0, { probeLeaseMs: 30_000 });
    failTimes(circuit, 3);
    time.now = 1_000;
    circuit.tryAcquire();
    time.now = 30_999;
    expect(circuit.tryAcquire()).toBeUndefined();
    time.now = 31_000;
    expect(circuit.tryAcquire()?.probe).toBe(true);
  });

  it('counts a forced call only while closed', () => {
    const { circuit, time } = circuitAt(0);
    failTimes(circuit, 3);
    circuit.recordSuccess(circuit.forcedPermit());
    expect(circuit.state).toBe('open');
    time.now = 1_000;
    circuit.recordSuccess(circuit.forcedPermit());
    expect(circuit.state).toBe('half-open');
  });

  it('cools down after a 429 without opening, and a later cooldown never shortens it', () => {
    const { circuit, time, changes } = circuitAt(0);
    circuit.coolDown(2_000);
    circuit.coolDown(1_000);
    expect(circuit.isAvailable()).toBe(false);
    expect(circuit.tryAcquire()).toBeUndefined();
    expect(circuit.state).toBe('closed');
    expect(circuit.cooldownUntil).toBe(2_000);
    time.now = 2_000;
    expect(circuit.isAvailable()).toBe(true);
    expect(circuit.cooldownUntil).toBeUndefined();
    expect(changes).toEqual([]);
  });
});
