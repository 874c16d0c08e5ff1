// What placing an order costs in SQL statements (each one a write to PostgreSQL and a round trip),
// read from the response's Server-Timing, with the write rate limits and the e-mail cap on as in
// production. Pinned so that a change that adds a statement to every order is noticed. Balance
// orders are placed in sets, whose statements order-batches.test.ts counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { fund } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { jobsForOrder } from '../payments/payment.fixtures.ts';
import { confirmationsJobs, makeProduct, postOrder } from './order.fixtures.ts';

let t: TestApp;
let user: TestUser;
let products: Product[];
beforeAll(async () => {
  t = await startTestApp({
    env: {
      AUTH_CACHE_TTL_SECONDS: '30',
      WRITE_RATE_PER_USER_PER_MINUTE: '1000000',
      WRITE_RATE_PER_ADDRESS_PER_MINUTE: '1000000',
      EMAILS_PER_USER_PER_MINUTE: '1000000',
      CARD_PAYMENTS_PER_USER_PER_MINUTE: '1000000',
    },
  });
  const staff = await createUser(t, { staff: true });
  user = await createUser(t);
  await fund(t, staff, user, 1_000_000);
  products = [await makeProduct(t, 250), await makeProduct(t, 1000), await makeProduct(t, 99)];
});
afterAll(async () => t.close());

describe('POST /api/v1/orders in statements', () => {
  // The write limit's upsert and the workers' wake-up are statements the process shares between the
  // requests in flight together (SharedBucketHits, WorkerWakeups), so they are no one order's.
  it('takes 7 of its own for a card order, however many lines: BEGIN, the card cap, the pricing, the order and its lines, the e-mail’s job, the payment’s job, COMMIT', async () => {
    // The first request also looks the token up, and creates the queues; later ones do neither.
    await postOrder(t, user, { items: [{ product_id: products[0]!.id, qty: 1 }], payment_method: 'card' });
    for (const lines of [1, 3]) {
      const res = await postOrder(t, user, { items: products.slice(0, lines).map((p) => ({ product_id: p.id, qty: 2 })), payment_method: 'card' });
      expect(res.status).toBe(201);
      expect(res.statements).toBe(7);
      expect((await jobsForOrder(t, 'process_payment', res.body.id)).map((j) => j.data)).toEqual([{ order_id: res.body.id }]);
    }
  });

  it('takes none of its own for a balance order: its set’s statements are shared with the orders placed with it (order-batches.test.ts)', async () => {
    for (const lines of [1, 3]) {
      const res = await postOrder(t, user, { items: products.slice(0, lines).map((p) => ({ product_id: p.id, qty: 2 })), payment_method: 'balance' });
      expect(res.status).toBe(201);
      expect(res.statements).toBe(0);
      // Still its confirmation e-mail, through its set's job, due at once.
      expect(await confirmationsJobs(t, [res.body.id])).toEqual([
        { data: { orders: [{ id: res.body.id, user_id: user.id }] }, state: 'created', singleton_key: null, due: true },
      ]);
    }
    // Every order counted against the user's write limit all the same.
    const { rows } = await t.database.admin.query(`SELECT sum(count)::int AS writes FROM rate_limit_buckets WHERE key = $1`, [`user:${user.id}`]);
    expect(rows).toEqual([{ writes: 5 }]);
  });
});
