// Acceptance: cancelling orders through HTTP — refunds of paid balance orders, 409 on anything
// not cancellable, and exactly one refund however many cancels race.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { balanceAndLedgerSum, fund, ledgerInvariantViolations } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { ORDER_WITH_EMAIL_KEYS, PROBLEM_JSON, makeProduct, postOrder } from './order.fixtures.ts';

let t: TestApp;
let staff: TestUser;
let product: Product; // 1250
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
  product = await makeProduct(t, 1250, 'Gadget');
});
afterEach(async () => {
  expect(await ledgerInvariantViolations(t)).toEqual([]);
});
afterAll(async () => t.close());

const cancel = (user: TestUser, id: number | string) => t.request('POST', `/api/v1/orders/${id}/cancel`, { token: user.token });

async function userWithOrder(paymentMethod: 'balance' | 'card', qty = 2): Promise<{ user: TestUser; order: { id: number; total_cents: number } }> {
  const user = await createUser(t);
  await fund(t, staff, user, 10_000);
  const res = await postOrder(t, user, { items: [{ product_id: product.id, qty }], payment_method: paymentMethod });
  expect(res.status).toBe(201);
  return { user, order: res.body };
}

async function ledgerKinds(userId: number): Promise<{ amount_cents: number; kind: string; reference: string }[]> {
  const { rows } = await t.database.admin.query(
    'SELECT amount_cents::int AS amount_cents, kind, reference FROM balance_ledger WHERE user_id = $1 ORDER BY id',
    [userId],
  );
  return rows;
}

describe('POST /api/v1/orders/{id}/cancel', () => {
  it('cancels a paid balance order and refunds its total at once, with a refund ledger row', async () => {
    const { user, order } = await userWithOrder('balance');
    expect(await balanceAndLedgerSum(t, user.id)).toMatchObject({ balance: 7500 });
    const res = await cancel(user, order.id);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(ORDER_WITH_EMAIL_KEYS);
    expect(res.body).toMatchObject({ id: order.id, status: 'cancelled', payment_method: 'balance', total_cents: 2500, user_email: user.email });
    expect(res.body.items).toEqual([{ product_id: product.id, product_name: 'Gadget', unit_price_cents: 1250, qty: 2, line_total_cents: 2500 }]);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 10_000, ledgerSum: 10_000, rows: 3 });
    expect(await ledgerKinds(user.id)).toEqual([
      { amount_cents: 10_000, kind: 'adjustment', reference: 'test funding' },
      { amount_cents: -2500, kind: 'order_debit', reference: `order:${order.id}` },
      { amount_cents: 2500, kind: 'refund', reference: `order:${order.id}` },
    ]);
    const balance = await t.request('GET', '/api/v1/balance', { token: user.token });
    expect(balance.body.transactions[0]).toMatchObject({ amount_cents: 2500, kind: 'refund', reference: `order:${order.id}` });
    expect((await t.request('GET', `/api/v1/orders/${order.id}`, { token: user.token })).body.status).toBe('cancelled');
  });

  it('cancels a pending card order without any balance change', async () => {
    const { user, order } = await userWithOrder('card');
    const res = await cancel(user, order.id);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 10_000, ledgerSum: 10_000, rows: 1 });
  });

  it('answers 409 when cancelling a second time, and refunds only once', async () => {
    const { user, order } = await userWithOrder('balance');
    expect((await cancel(user, order.id)).status).toBe(200);
    const again = await cancel(user, order.id);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(again.body.detail).toContain('cancelled');
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 10_000, ledgerSum: 10_000, rows: 3 });
  });

  it('refunds exactly once when cancels race: one 200, the others 409', async () => {
    const { user, order } = await userWithOrder('balance', 4);
    const results = await Promise.all(Array.from({ length: 8 }, () => cancel(user, order.id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 10_000, ledgerSum: 10_000, rows: 3 });
    expect((await ledgerKinds(user.id)).filter((r) => r.kind === 'refund')).toHaveLength(1);
  });

  it('answers 409 for a payment_failed order', async () => {
    const { user, order } = await userWithOrder('card');
    // A payment fails only after its job's last attempt (see the payments tests): set the state here.
    await t.database.admin.query(`UPDATE orders SET status = 'payment_failed' WHERE id = $1`, [order.id]);
    const res = await cancel(user, order.id);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('payment_failed');
  });

  it('answers 404 for someone else’s order or a missing one, changing nothing, and 401 without credentials', async () => {
    const { user, order } = await userWithOrder('balance');
    const stranger = await createUser(t);
    for (const [who, id] of [
      [stranger, order.id],
      [staff, order.id],
      [user, 999_999_999],
    ] as const) {
      const res = await cancel(who, id);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    expect((await t.request('POST', `/api/v1/orders/${order.id}/cancel`)).status).toBe(401);
    expect((await cancel(user, 'abc')).status).toBe(400);
    expect((await t.request('GET', `/api/v1/orders/${order.id}`, { token: user.token })).body.status).toBe('paid');
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 7500, ledgerSum: 7500, rows: 2 });
  });
});
