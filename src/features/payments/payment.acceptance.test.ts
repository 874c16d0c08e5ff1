// Acceptance (the issue's): with SIMULATED_GATEWAY_FAIL_RATE=0.3 and TIMEOUT_RATE=0.1, 20 card
// orders placed through the API all end `paid`, run by the real worker as main.ts builds it, and
// the gateway holds exactly one successful charge per order, of the order's total.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import { buildWorker } from '../../main.ts';
import { createLogger } from '../../platform/log.ts';
import { makeProduct } from '../orders/order.fixtures.ts';
import { gatewayRecords, orderRow, placeCardOrder, waitFor } from './payment.fixtures.ts';

const ORDERS = 20;
let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ledgerline-payments-')); // the worker's mail outbox
  t = await startTestApp({
    env: {
      DATA_DIR: dataDir,
      SIMULATED_GATEWAY_FAIL_RATE: '0.3',
      SIMULATED_GATEWAY_TIMEOUT_RATE: '0.1',
      SIMULATED_GATEWAY_LATENCY_MS: '5',
      // Per attempt an order is paid with probability 0.7 × 0.9 = 0.63; 20 attempts make one order
      // in 4·10^8 end payment_failed, so a failure of this test is a bug, not bad luck.
      PAYMENT_MAX_ATTEMPTS: '20',
      PAYMENT_BACKOFF_BASE_MS: '5',
      PAYMENT_TIME_LIMIT_MS: '5000',
      PAYMENT_GATEWAY_TIMEOUT_MS: '200',
      JOB_POLL_INTERVAL_MS: '50',
      WORKER_CONCURRENCY: '8',
    },
  });
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('pays 20 card orders placed through the API, one gateway charge each, despite failures and lost answers', { timeout: 90_000 }, async () => {
  const user = await createUser(t);
  const product = await makeProduct(t, 1999);
  const orderIds: number[] = [];
  for (let i = 1; i <= ORDERS; i++) orderIds.push(await placeCardOrder(t, user, product.id, i));

  const worker = buildWorker(t.config, createLogger('silent'), t.database.url);
  await worker.worker.start();
  try {
    await waitFor(
      async () => {
        const { rows } = await t.database.admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::int8[]) AND status <> 'pending'`,
          [orderIds],
        );
        return rows[0]!.n === ORDERS;
      },
      60_000,
      'every order to leave pending',
    );
  } finally {
    await worker.stop();
  }

  for (const [i, orderId] of orderIds.entries()) {
    const order = await orderRow(t, orderId);
    const { charges, refunds } = await gatewayRecords(t, orderId);
    expect(order.status).toBe('paid');
    expect(charges).toEqual([{ id: order.gateway_charge_id, amount_cents: 1999 * (i + 1) }]);
    expect(refunds).toEqual([]);
  }
  // Nothing else was charged: exactly one charge per order in the whole gateway.
  const { rows } = await t.database.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM simulated_gateway_charges');
  expect(rows[0]!.n).toBe(ORDERS);
  // The failures were real: some attempts were retried.
  const retried = await t.database.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'process_payment' AND retry_count > 0`);
  expect(retried.rows[0]!.n).toBeGreaterThan(0);
});
