import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';

describe('job settings (loadConfig)', () => {
  it('defaults: a dead worker’s jobs are runnable again within 35 s', () => {
    const { jobs, workerConcurrency } = loadConfig({});
    expect(jobs).toEqual({ leaseSeconds: 30, sweepIntervalSeconds: 5, pollIntervalMs: 1_000, shutdownGraceMs: 30_000 });
    expect(workerConcurrency).toBe(10);
    expect(Object.isFrozen(jobs)).toBe(true);
  });

  it('reads and bounds every setting, naming the variable', () => {
    const { jobs } = loadConfig({ JOB_LEASE_SECONDS: '10', JOB_SWEEP_INTERVAL_SECONDS: '2', JOB_POLL_INTERVAL_MS: '250', WORKER_SHUTDOWN_GRACE_MS: '0' });
    expect(jobs).toEqual({ leaseSeconds: 10, sweepIntervalSeconds: 2, pollIntervalMs: 250, shutdownGraceMs: 0 });
    try {
      loadConfig({ JOB_LEASE_SECONDS: '1', JOB_SWEEP_INTERVAL_SECONDS: '0', JOB_POLL_INTERVAL_MS: 'soon', WORKER_SHUTDOWN_GRACE_MS: '-1' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      for (const name of ['JOB_LEASE_SECONDS', 'JOB_SWEEP_INTERVAL_SECONDS', 'JOB_POLL_INTERVAL_MS', 'WORKER_SHUTDOWN_GRACE_MS']) {
        expect((err as Error).message).toContain(name);
      }
    }
  });
});
