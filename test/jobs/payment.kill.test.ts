// Issue acceptance: kill -9 of a worker process in the middle of a payment. After a new worker
// starts, the order ends `paid` within the configured recovery delay, with exactly one successful
// charge at the gateway.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/platform/jobs/jobs.fixtures.ts';
import { gatewayRecords, orderReaches, placeCardOrder } from '../../src/features/payments/payment.fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser } from '../support/factories.ts';
import { finished, spawnCli } from '../support/cli.ts';

const LEASE_SECONDS = 2;
const SWEEP_SECONDS = 1;
const signal = () => new AbortController().signal;

let t: TestApp;
const children = new Set<ChildProcess>();
beforeAll(async () => {
  // The lease is stamped on a job when it is enqueued, so the enqueuing app sets it too.
  t = await startTestApp({ env: { PAYMENT_MAX_ATTEMPTS: '3', PAYMENT_BACKOFF_BASE_MS: '5', JOB_LEASE_SECONDS: String(LEASE_SECONDS) } });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await t.close();
});

function spawnWorker(latencyMs: number): { child: ChildProcess; output: () => string; done: ReturnType<typeof finished> } {
  const child = spawnCli(['worker'], {
    DATABASE_URL: t.database.url,
    LOG_LEVEL: 'debug',
    JOB_LEASE_SECONDS: String(LEASE_SECONDS),
    JOB_SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
    JOB_POLL_INTERVAL_MS: '100',
    SIMULATED_GATEWAY_LATENCY_MS: String(latencyMs),
    PAYMENT_TIME_LIMIT_MS: '20000',
    PAYMENT_GATEWAY_TIMEOUT_MS: '10000',
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out, done: finished(child).finally(() => children.delete(child)) };
}

describe('a worker killed in the middle of a payment', { timeout: 120_000 }, () => {
  it('loses nothing: a new worker charges the order exactly once, within the recovery delay', async () => {
    const buyer = await createUser(t);
    const product = await t.services.catalog.createProduct({ name: 'Kettle', priceCents: 2_500 }, signal());
    const orderId = await placeCardOrder(t, buyer, product.id);

    // The first worker takes the payment and is killed while the gateway call is in flight.
    const first = spawnWorker(60_000);
    const paymentStarted = () => first.output().split('\n').some((l) => l.includes('"job started"') && l.includes('process_payment'));
    await waitFor(paymentStarted, 45_000, 'the first worker to start the payment');
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await first.done).signal).toBe('SIGKILL');

    const second = spawnWorker(20);
    await waitFor(() => second.output().includes('"worker started"'), 45_000, 'the second worker to start');
    const secondStartedAt = Date.now();
    const paid = await orderReaches(t, orderId, ['paid', 'payment_failed'], 60_000);
    // The job is runnable again lease + sweep after the kill, wherever the new worker is by then.
    const boundMs = Math.max(0, killedAt + (LEASE_SECONDS + SWEEP_SECONDS) * 1000 - secondStartedAt);
    expect(paid.status).toBe('paid');
    const records = await gatewayRecords(t, orderId);
    expect(records.charges).toEqual([{ id: expect.any(String), amount_cents: 2_500 }]);
    expect(records.refunds).toEqual([]);
    // Paid within the recovery bound after the new worker is up (plus a second for the charge,
    // the sweep's timing and a loaded CI machine).
    expect(Date.now() - secondStartedAt, second.output().slice(-6000)).toBeLessThan(boundMs + SWEEP_SECONDS * 1000 + 2_000);
    second.child.kill('SIGTERM');
    expect((await second.done).code).toBe(0);
  });
});
