// JobOrderEvents: an order's jobs are enqueued in the order's own transaction — the confirmation
// e-mail for every order (a balance order's through its set's order_confirmations job),
// process_payment for a card order, refund_payment when a paid card order is cancelled — so they
// commit, or roll back, with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { withTransaction } from '../../platform/db/db.ts';
import { fund } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { jobsForOrder, placeCardOrder } from '../payments/payment.fixtures.ts';
import { confirmationsJobs, makeProduct, postOrder, runOrderConfirmations } from './order.fixtures.ts';

let t: TestApp;
let user: TestUser;
let product: Product;
beforeAll(async () => {
  t = await startTestApp();
  const staff = await createUser(t, { staff: true });
  user = await createUser(t);
  await fund(t, staff, user, 100_000);
  product = await makeProduct(t, 1250);
});
afterAll(async () => t.close());

const signal = () => new AbortController().signal;
const jobs = async (orderId: number) => ({
  send_email: (await jobsForOrder(t, 'send_email', orderId)).map((j) => j.data),
  process_payment: (await jobsForOrder(t, 'process_payment', orderId)).map((j) => j.data),
  refund_payment: (await jobsForOrder(t, 'refund_payment', orderId)).map((j) => j.data),
});

describe('JobOrderEvents', () => {
  it('enqueues the confirmation e-mail and process_payment when a card order is placed', async () => {
    const orderId = await placeCardOrder(t, user, product.id);
    expect(await jobs(orderId)).toEqual({
      send_email: [{ kind: 'order_confirmation', order_id: orderId }],
      process_payment: [{ order_id: orderId }],
      refund_payment: [],
    });
  });

  it('enqueues only the confirmation e-mail for a balance order (already paid), through its set’s job', async () => {
    const res = await postOrder(t, user, { items: [{ product_id: product.id, qty: 1 }], payment_method: 'balance' });
    expect(res.status).toBe(201);
    expect((await confirmationsJobs(t, [res.body.id])).map((j) => j.data)).toEqual([{ orders: [{ id: res.body.id, user_id: user.id }] }]);
    await runOrderConfirmations(t);
    expect(await jobs(res.body.id)).toEqual({ send_email: [{ kind: 'order_confirmation', order_id: res.body.id }], process_payment: [], refund_payment: [] });
  });

  it('leaves no job behind when the order’s transaction rolls back', async () => {
    let orderId = 0;
    const rollback = new Error('roll back after the order and its jobs were written');
    await expect(
      withTransaction(t.db, signal(), async (tx) => {
        const order = await t.services.orders.withDb(tx).create(user.id, { items: [{ productId: product.id, qty: 1 }], paymentMethod: 'card' }, signal());
        orderId = order.id;
        expect((await tx.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE (data->>'order_id')::int8 = $1`, [orderId], signal()))[0]).toEqual({ n: 2 });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(orderId).toBeGreaterThan(0);
    expect(await jobs(orderId)).toEqual({ send_email: [], process_payment: [], refund_payment: [] });
    const { rows } = await t.database.admin.query('SELECT count(*)::int AS n FROM orders WHERE id = $1', [orderId]);
    expect(rows[0].n).toBe(0);
  });

  it('enqueues refund_payment when a paid card order is cancelled, and nothing for a pending one', async () => {
    const paid = await placeCardOrder(t, user, product.id);
    // No worker runs here: pay it the way process_payment would, through the payments service.
    expect(await t.services.payments.chargeOrder(paid, signal())).toBe('paid');
    expect((await t.request('POST', `/api/v1/orders/${paid}/cancel`, { token: user.token })).status).toBe(200);
    expect((await jobs(paid)).refund_payment).toEqual([{ order_id: paid }]);

    const pending = await placeCardOrder(t, user, product.id);
    expect((await t.request('POST', `/api/v1/orders/${pending}/cancel`, { token: user.token })).status).toBe(200);
    // Its process_payment job, still queued, settles it when it runs (see PaymentService.chargeOrder).
    expect((await jobs(pending)).refund_payment).toEqual([]);
  });
});
