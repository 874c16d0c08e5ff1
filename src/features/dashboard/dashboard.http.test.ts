import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { utcMonthOf } from '../../platform/period.ts';
import { makeCustomer, makeInvoice } from '../invoices/invoice.fixtures.ts';
import { makeProduct, postOrder } from '../orders/order.fixtures.ts';

const INVOICE_KEYS = ['amount_cents', 'created_at', 'currency', 'customer', 'customer_id', 'id', 'memo', 'paid_at', 'status'];
const signal = () => new AbortController().signal;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const dashboardOf = (user: TestUser) => t.request('GET', '/api/v1/dashboard', { token: user.token });

/** Moves a row's timestamp into the previous UTC month, under the API (time travel for the test). */
async function intoLastMonth(table: 'invoices' | 'orders', column: 'paid_at' | 'created_at', id: number): Promise<void> {
  const lastMonth = new Date(utcMonthOf(new Date()).start.getTime() - 60_000);
  await t.database.admin.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [id, lastMonth]);
}

describe('GET /api/v1/dashboard', () => {
  it('answers exactly the contract shape for a new user: no invoices, zero balance, empty sums, no orders, no usage', async () => {
    const user = await createUser(t);
    const res = await dashboardOf(user);
    expect(res.status).toBe(200);
    const month = utcMonthOf(new Date());
    expect(res.body).toEqual({
      invoices: [],
      billing: { balance_cents: 0, currency: 'USD', outstanding: [], paid_this_month: [], orders_this_month: 0 },
      usage: { period_start: month.start.toISOString(), period_end: month.end.toISOString(), metrics: [] },
    });
  });

  it('lists the 5 most recent invoices, newest first, in the invoice shape', async () => {
    const user = await createUser(t);
    const customer = await makeCustomer(t, user, 'Acme Ltd');
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await makeInvoice(t, user, customer, { amountCents: 100 + i }));
    const res = await dashboardOf(user);
    expect(res.body.invoices.map((i: { id: number }) => i.id)).toEqual(made.slice(2).reverse().map((i) => i.id));
    expect(Object.keys(res.body.invoices[0]).sort()).toEqual(INVOICE_KEYS);
    expect(res.body.invoices[0]).toMatchObject({ amount_cents: 106, currency: 'USD', status: 'open', customer: { id: customer.id, name: 'Acme Ltd' } });
  });

  it('sums open invoices per currency as outstanding, and invoices paid this month (by paid_at) per currency', async () => {
    const user = await createUser(t);
    const other = await createUser(t);
    const customer = await makeCustomer(t, user);
    const inv = (amountCents: number, currency: 'USD' | 'EUR' | 'GBP') => makeInvoice(t, user, customer, { amountCents, currency });
    await inv(1000, 'USD');
    await inv(250, 'USD');
    await inv(300, 'EUR');
    const paidUsd = await inv(4000, 'USD');
    const paidGbp = await inv(700, 'GBP');
    const paidLastMonth = await inv(9999, 'EUR');
    const voided = await inv(5555, 'USD');
    for (const i of [paidUsd, paidGbp, paidLastMonth]) await t.services.invoices.markPaid(user.id, i.id, signal());
    await t.services.invoices.void(user.id, voided.id, signal());
    await intoLastMonth('invoices', 'paid_at', paidLastMonth.id);
    // Someone else's invoices never count.
    await makeInvoice(t, other, await makeCustomer(t, other), { amountCents: 123, currency: 'USD' });

    const res = await dashboardOf(user);
    expect(res.body.billing.outstanding).toEqual([
      { currency: 'EUR', amount_cents: 300 },
      { currency: 'USD', amount_cents: 1250 },
    ]);
    expect(res.body.billing.paid_this_month).toEqual([
      { currency: 'GBP', amount_cents: 700 },
      { currency: 'USD', amount_cents: 4000 },
    ]);
  });

  it('shows the balance and counts the orders placed this month, whatever their status', async () => {
    const user = await createUser(t);
    const staff = await createUser(t, { staff: true });
    await t.services.balance.adjust({ userId: user.id, amountCents: 10_000, reason: 'Credit', staffUserId: staff.id }, signal());
    const product = await makeProduct(t, 500);
    const orders = [];
    for (let i = 0; i < 3; i++) {
      const res = await postOrder(t, user, { items: [{ product_id: product.id, qty: 1 }], payment_method: 'balance' });
      expect(res.status).toBe(201);
      orders.push(res.body.id as number);
    }
    await t.services.orders.cancel(user.id, orders[0]!, signal()); // still placed this month
    await intoLastMonth('orders', 'created_at', orders[1]!);

    const res = await dashboardOf(user);
    expect(res.body.billing).toMatchObject({ balance_cents: 10_000 - 1000, currency: 'USD', orders_this_month: 2 });
    expect(Number.isInteger(res.body.billing.orders_this_month)).toBe(true);
  });

  it("includes this month's usage in the usage shape", async () => {
    const user = await createUser(t);
    await t.request('POST', '/api/v1/usage-events', { token: user.token, body: { event_id: 'e1', metric: 'api.calls', quantity: 42 } });
    const res = await dashboardOf(user);
    expect(res.body.usage.metrics).toEqual([{ metric: 'api.calls', quantity: 42 }]);
  });

  it('runs a constant number of statements, however much data there is', async () => {
    const user = await createUser(t);
    const empty = await dashboardOf(user);
    const customer = await makeCustomer(t, user);
    for (let i = 0; i < 12; i++) await makeInvoice(t, user, customer, { currency: (['USD', 'EUR', 'GBP'] as const)[i % 3]! });
    const full = await dashboardOf(user);
    // Token lookup + recent invoices, balance, invoice totals, orders placed, usage.
    expect(empty.statements).toBe(6);
    expect(full.statements).toBe(6);
  });

  it('answers 401 without credentials', async () => {
    const res = await t.request('GET', '/api/v1/dashboard');
    expect(res.status).toBe(401);
  });
});
