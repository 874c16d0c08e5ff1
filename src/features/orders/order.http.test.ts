// Acceptance: placing and reading orders through HTTP — shapes, validation, catalog prices, the
// balance debit and its all-or-nothing failure, card orders, owner scoping, lists and their cost.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { balanceAndLedgerSum, fund, ledgerInvariantViolations } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { ITEM_KEYS, ORDER_KEYS, ORDER_WITH_EMAIL_KEYS, PROBLEM_JSON, deleteProduct, makeProduct, orderRowCounts, postOrder } from './order.fixtures.ts';

let t: TestApp;
let staff: TestUser;
let cheap: Product; // 250
let dear: Product; // 1000
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
  cheap = await makeProduct(t, 250, 'Cheap widget');
  dear = await makeProduct(t, 1000, 'Dear widget');
});
afterEach(async () => {
  expect(await ledgerInvariantViolations(t)).toEqual([]);
});
afterAll(async () => t.close());

async function fundedUser(amountCents: number): Promise<TestUser> {
  const user = await createUser(t);
  if (amountCents > 0) await fund(t, staff, user, amountCents);
  return user;
}

describe('POST /api/v1/orders', () => {
  it('places a balance order: 201 in the contract shape, paid, priced from the catalog, debited with an order_debit row', async () => {
    const user = await fundedUser(10_000);
    const res = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 2 }, { product_id: dear.id, qty: 1 }], payment_method: 'balance' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(ORDER_KEYS);
    expect(res.body).toMatchObject({ status: 'paid', payment_method: 'balance', total_cents: 1500, currency: 'USD' });
    expect(res.body.id).toBeGreaterThan(0);
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
    expect(res.body.items).toEqual([
      { product_id: cheap.id, product_name: 'Cheap widget', unit_price_cents: 250, qty: 2, line_total_cents: 500 },
      { product_id: dear.id, product_name: 'Dear widget', unit_price_cents: 1000, qty: 1, line_total_cents: 1000 },
    ]);
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);

    const balance = await t.request('GET', '/api/v1/balance', { token: user.token });
    expect(balance.body.balance_cents).toBe(8500);
    expect(balance.body.transactions[0]).toMatchObject({ amount_cents: -1500, kind: 'order_debit', reference: `order:${res.body.id}` });
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 8500, ledgerSum: 8500, rows: 2 });
  });

  it('merges repeated product_ids into one line, quantities summed, in order of first appearance', async () => {
    const user = await fundedUser(100_000);
    const items = [
      { product_id: dear.id, qty: 1 },
      { product_id: cheap.id, qty: 3 },
      { product_id: dear.id, qty: 2 },
    ];
    const res = await postOrder(t, user, { items, payment_method: 'balance' });
    expect(res.status).toBe(201);
    expect(res.body.items.map((i: { product_id: number; qty: number }) => [i.product_id, i.qty])).toEqual([
      [dear.id, 3],
      [cheap.id, 3],
    ]);
    expect(res.body.total_cents).toBe(3 * 1000 + 3 * 250);
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 1, items: 2 });
  });

  it('takes prices from the catalog even when the client sends price fields, which are ignored', async () => {
    const user = await fundedUser(10_000);
    const res = await postOrder(t, user, {
      items: [{ product_id: dear.id, qty: 2, unit_price_cents: 1, price_cents: 1, line_total_cents: 2 }],
      payment_method: 'balance',
      total_cents: 2,
    });
    expect(res.status).toBe(201);
    expect(res.body.total_cents).toBe(2000);
    expect(res.body.items[0]).toMatchObject({ unit_price_cents: 1000, line_total_cents: 2000 });
    expect(await balanceAndLedgerSum(t, user.id)).toMatchObject({ balance: 8000 });
  });

  it('answers 422 on items for an unknown product and for a deleted one, writing nothing', async () => {
    const user = await fundedUser(10_000);
    const gone = await makeProduct(t, 100);
    await deleteProduct(t, gone.id);
    for (const productId of [999_999_999, gone.id]) {
      const res = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 1 }, { product_id: productId, qty: 1 }], payment_method: 'balance' });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['items']);
      expect(res.body.errors[0].message).toContain(String(productId));
    }
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 0, items: 0 });
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 10_000, ledgerSum: 10_000, rows: 1 });
  });

  it('answers 422 on items when repeated lines add up to more than 1000 of one product', async () => {
    const user = await fundedUser(10_000_000);
    const res = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 600 }, { product_id: cheap.id, qty: 401 }], payment_method: 'balance' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['items']);
    const ok = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 600 }, { product_id: cheap.id, qty: 400 }], payment_method: 'balance' });
    expect(ok.status).toBe(201);
    expect(ok.body.items).toEqual([expect.objectContaining({ qty: 1000, line_total_cents: 250_000 })]);
  });

  it('answers 422 with field errors for bad items and payment methods, writing nothing', async () => {
    const user = await fundedUser(10_000);
    const line = { product_id: cheap.id, qty: 1 };
    const cases: [unknown, string][] = [
      [{ items: [], payment_method: 'balance' }, 'items'],
      [{ items: Array.from({ length: 101 }, () => line), payment_method: 'balance' }, 'items'],
      [{ payment_method: 'balance' }, 'items'],
      [{ items: 'everything', payment_method: 'balance' }, 'items'],
      [{ items: [{ product_id: cheap.id, qty: 0 }], payment_method: 'balance' }, 'items.0.qty'],
      [{ items: [line, { product_id: cheap.id, qty: 1001 }], payment_method: 'balance' }, 'items.1.qty'],
      [{ items: [{ product_id: cheap.id, qty: '1' }], payment_method: 'balance' }, 'items.0.qty'],
      [{ items: [{ product_id: cheap.id, qty: 1.5 }], payment_method: 'balance' }, 'items.0.qty'],
      [{ items: [{ qty: 1 }], payment_method: 'balance' }, 'items.0.product_id'],
      [{ items: [{ product_id: 0, qty: 1 }], payment_method: 'balance' }, 'items.0.product_id'],
      [{ items: [line] }, 'payment_method'],
      [{ items: [line], payment_method: 'cash' }, 'payment_method'],
    ];
    for (const [body, field] of cases) {
      const res = await postOrder(t, user, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
    // 100 lines is the most an order may have.
    expect((await postOrder(t, user, { items: Array.from({ length: 100 }, () => line), payment_method: 'card' })).status).toBe(201);
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 1, items: 1 });
  });

  it('refuses a balance order the balance does not cover with 422 insufficient-funds and both amounts, writing nothing', async () => {
    const user = await fundedUser(1999);
    const res = await postOrder(t, user, { items: [{ product_id: dear.id, qty: 2 }], payment_method: 'balance' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body.type).toMatch(/\/insufficient-funds$/);
    expect(res.body).toMatchObject({ status: 422, required_cents: 2000, available_cents: 1999 });
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 0, items: 0 });
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 1999, ledgerSum: 1999, rows: 1 });
  });

  it('places a card order as pending, without touching the balance', async () => {
    const user = await fundedUser(0);
    const res = await postOrder(t, user, { items: [{ product_id: dear.id, qty: 3 }], payment_method: 'card' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(ORDER_KEYS);
    expect(res.body).toMatchObject({ status: 'pending', payment_method: 'card', total_cents: 3000 });
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 0 });
    const { rows } = await t.database.admin.query('SELECT paid_at FROM orders WHERE id = $1', [res.body.id]);
    expect(rows[0].paid_at).toBeNull();
  });

  it('answers 401 without credentials, 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const body = { items: [{ product_id: cheap.id, qty: 1 }], payment_method: 'card' };
    expect((await t.request('POST', '/api/v1/orders', { body })).status).toBe(401);
    const user = await fundedUser(0);
    const malformed = await t.request('POST', '/api/v1/orders', { token: user.token, payload: '{"items": [', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const text = await t.request('POST', '/api/v1/orders', { token: user.token, payload: 'items', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 0, items: 0 });
  });
});

describe('POST /api/v1/orders with an Idempotency-Key', () => {
  const body = () => ({ items: [{ product_id: cheap.id, qty: 4 }], payment_method: 'balance' });

  it('replays the first 201 for the same key and body, placing and debiting once', async () => {
    const user = await fundedUser(5000);
    const first = await postOrder(t, user, body(), 'order-1');
    expect(first.status).toBe(201);
    const again = await postOrder(t, user, { payment_method: 'balance', items: [{ qty: 4, product_id: cheap.id }] }, 'order-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 1, items: 1 });
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 4000, ledgerSum: 4000, rows: 2 });
  });

  it('stores an insufficient-funds outcome and replays it after the balance is topped up', async () => {
    const user = await fundedUser(999);
    const first = await postOrder(t, user, body(), 'order-2');
    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({ required_cents: 1000, available_cents: 999 });
    await fund(t, staff, user, 10_000);
    const replay = await postOrder(t, user, body(), 'order-2');
    expect(replay.status).toBe(422);
    expect(replay.body).toEqual(first.body);
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 0, items: 0 });
  });

  it('answers 422 for the same key with a different body, and stores nothing for a field error', async () => {
    const user = await fundedUser(50_000);
    const unknown = await postOrder(t, user, { items: [{ product_id: 999_999_999, qty: 1 }], payment_method: 'balance' }, 'order-3');
    expect(unknown.status).toBe(422);
    expect((await postOrder(t, user, body(), 'order-3')).status).toBe(201);
    const reused = await postOrder(t, user, { ...body(), payment_method: 'card' }, 'order-3');
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/\/key-reused$/);
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 1, items: 1 });
  });

  it('places exactly one order from 10 concurrent requests with one key; each answer is it (201) or a 409', async () => {
    const user = await fundedUser(50_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => postOrder(t, user, body(), 'order-race')));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of created) expect(r.body).toEqual(created[0]!.body);
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 1, items: 1 });
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 49_000, ledgerSum: 49_000, rows: 2 });
    const replay = await postOrder(t, user, body(), 'order-race');
    expect(replay.body).toEqual(created[0]!.body);
  });
});

describe('GET /api/v1/orders and /api/v1/orders/{id}', () => {
  it('lists only the caller’s orders (staff included), newest first, with user_email and items', async () => {
    const user = await fundedUser(100_000);
    const other = await fundedUser(100_000);
    const a = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 1 }], payment_method: 'balance' });
    const b = await postOrder(t, user, { items: [{ product_id: dear.id, qty: 2 }, { product_id: cheap.id, qty: 1 }], payment_method: 'card' });
    await postOrder(t, other, { items: [{ product_id: cheap.id, qty: 1 }], payment_method: 'balance' });
    await postOrder(t, staff, { items: [{ product_id: cheap.id, qty: 1 }], payment_method: 'card' });

    const res = await t.request('GET', '/api/v1/orders', { token: user.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'next_cursor']);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.data.map((o: { id: number }) => o.id)).toEqual([b.body.id, a.body.id]);
    for (const order of res.body.data) expect(Object.keys(order).sort()).toEqual(ORDER_WITH_EMAIL_KEYS);
    expect(res.body.data[0]).toEqual({ ...b.body, user_email: user.email });
    expect(res.body.data[1]).toEqual({ ...a.body, user_email: user.email });

    const staffList = await t.request('GET', '/api/v1/orders', { token: staff.token });
    expect(staffList.body.data.map((o: { user_email: string }) => o.user_email)).toEqual([staff.email]);
  });

  it('filters by status and answers 400 for a bad status, limit or cursor', async () => {
    const user = await fundedUser(100_000);
    const paid = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 1 }], payment_method: 'balance' });
    const pending = await postOrder(t, user, { items: [{ product_id: cheap.id, qty: 1 }], payment_method: 'card' });
    const onlyPaid = await t.request('GET', '/api/v1/orders?status=paid', { token: user.token });
    expect(onlyPaid.body.data.map((o: { id: number }) => o.id)).toEqual([paid.body.id]);
    const onlyPending = await t.request('GET', '/api/v1/orders?status=pending', { token: user.token });
    expect(onlyPending.body.data.map((o: { id: number }) => o.id)).toEqual([pending.body.id]);
    for (const query of ['status=bogus', 'limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor']) {
      const res = await t.request('GET', `/api/v1/orders?${query}`, { token: user.token });
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    expect((await t.request('GET', '/api/v1/orders')).status).toBe(401);
  });

  it('pages through every order once with next_cursor, and runs the same ≤ 5 statements for limit=5 and limit=200', async () => {
    const user = await fundedUser(10_000_000);
    const products = await Promise.all([100, 200, 300, 400].map((price) => makeProduct(t, price)));
    const placed: number[] = [];
    for (let i = 0; i < 12; i++) {
      const items = products.map((p, j) => ({ product_id: p.id, qty: 1 + ((i + j) % 3) }));
      const res = await postOrder(t, user, { items, payment_method: i % 2 === 0 ? 'balance' : 'card' });
      expect(res.status).toBe(201);
      placed.push(res.body.id);
    }
    const seen: number[] = [];
    let url: string | null = '/api/v1/orders?limit=5';
    while (url !== null) {
      const res = await t.request('GET', url, { token: user.token });
      expect(res.status).toBe(200);
      for (const order of res.body.data) {
        expect(order.items).toHaveLength(4);
        expect(order.total_cents).toBe(order.items.reduce((s: number, i: { line_total_cents: number }) => s + i.line_total_cents, 0));
      }
      seen.push(...res.body.data.map((o: { id: number }) => o.id));
      url = res.body.next_cursor === null ? null : `/api/v1/orders?limit=5&cursor=${encodeURIComponent(res.body.next_cursor)}`;
    }
    expect(seen).toEqual([...placed].reverse());

    const small = await t.request('GET', '/api/v1/orders?limit=5', { token: user.token });
    const large = await t.request('GET', '/api/v1/orders?limit=200', { token: user.token });
    expect(small.body.data).toHaveLength(5);
    expect(large.body.data).toHaveLength(12);
    expect(small.statements).toBe(large.statements);
    // The token's look-up and the page, its lines included.
    expect(large.statements).toBe(2);
    // A listed order is the order as GET /orders/{id} answers it, its lines in the same order.
    const one = await t.request('GET', `/api/v1/orders/${small.body.data[0].id}`, { token: user.token });
    expect(small.body.data[0]).toEqual(one.body);
  });

  it('answers one order in the list shape, 404 for someone else’s or a missing one, and 400 for a bad id', async () => {
    const user = await fundedUser(10_000);
    const other = await fundedUser(0);
    const placed = await postOrder(t, user, { items: [{ product_id: dear.id, qty: 1 }, { product_id: cheap.id, qty: 2 }], payment_method: 'balance' });
    const res = await t.request('GET', `/api/v1/orders/${placed.body.id}`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...placed.body, user_email: user.email });
    expect(res.statements).toBeLessThanOrEqual(3);

    for (const [token, id] of [
      [other.token, placed.body.id],
      [staff.token, placed.body.id],
      [user.token, 999_999_999],
    ] as const) {
      const missing = await t.request('GET', `/api/v1/orders/${id}`, { token });
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    for (const id of ['abc', '0']) expect((await t.request('GET', `/api/v1/orders/${id}`, { token: user.token })).status).toBe(400);
  });

  it('keeps an order’s items, names and prices after the product is edited or deleted', async () => {
    const user = await fundedUser(10_000);
    const product = await makeProduct(t, 700, 'Original name');
    const placed = await postOrder(t, user, { items: [{ product_id: product.id, qty: 1 }], payment_method: 'balance' });
    await t.services.catalog.updateProduct(product.id, { name: 'Renamed', priceCents: 9 }, new AbortController().signal);
    await deleteProduct(t, product.id);
    const res = await t.request('GET', `/api/v1/orders/${placed.body.id}`, { token: user.token });
    expect(res.body.items).toEqual([{ product_id: product.id, product_name: 'Original name', unit_price_cents: 700, qty: 1, line_total_cents: 700 }]);
  });
});
