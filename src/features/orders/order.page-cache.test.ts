// The orders page cache (ORDER_PAGE_CACHE_MB) as users see it: a repeated page is sent again
// without reading orders, and no change — through this process, another process or plain SQL —
// is ever hidden, because every reuse is checked against the user's orders version first.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, type WebApp } from '../../main.ts';
import { createLogger } from '../../platform/log.ts';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { fund } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { makeProduct, postOrder } from './order.fixtures.ts';

let t: TestApp;
let peer: WebApp;
let staff: TestUser;
let product: Product;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PAGE_CACHE_MB: '8' } });
  // A second web process on the same database, with a page cache of its own.
  peer = await buildWebApp(t.config, createLogger('silent'), t.database.url);
  staff = await createUser(t, { staff: true });
  product = await makeProduct(t, 300, 'Lamp');
});
afterAll(async () => {
  await peer.app.close();
  await t.close();
});

async function userWithOrders(count: number): Promise<{ user: TestUser; ids: number[] }> {
  const user = await createUser(t);
  await fund(t, staff, user, 1_000_000);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await postOrder(t, user, { items: [{ product_id: product.id, qty: 1 + i }], payment_method: 'balance' });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return { user, ids };
}

const page = (user: TestUser, url = '/api/v1/orders?limit=10') => t.request('GET', url, { token: user.token });
const ids = (body: { data: { id: number }[] }) => body.data.map((o) => o.id);

/**
 * Runs `request` while another session holds an exclusive lock on `orders`: a page answered
 * without reading orders completes; one that reads them waits until the lock goes.
 */
async function withOrdersLocked<T>(request: () => Promise<T>): Promise<{ completedWhileLocked: boolean; result: T }> {
  const locker = new pg.Client({ connectionString: t.database.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
    const pending = request();
    const completedWhileLocked = await Promise.race([pending.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1_000))]);
    await locker.query('ROLLBACK');
    return { completedWhileLocked, result: await pending };
  } finally {
    await locker.end();
  }
}

describe('GET /api/v1/orders with the page cache on', () => {
  it('sends a repeated page again, byte for byte, without reading orders', async () => {
    const { user, ids: placed } = await userWithOrders(3);
    const first = await page(user);
    expect(ids(first.body)).toEqual([...placed].reverse());

    const again = await withOrdersLocked(() => page(user));
    expect(again.completedWhileLocked).toBe(true);
    expect(again.result.body).toEqual(first.body);
    // The token's look-up and the version's, as the first one ran the token's and the page's.
    expect(again.result.statements).toBe(first.statements);

    // A page not seen before is read from orders, so it waits for the lock.
    const other = await withOrdersLocked(() => page(user, '/api/v1/orders?limit=2'));
    expect(other.completedWhileLocked).toBe(false);
    expect(ids(other.result.body)).toEqual([placed[2], placed[1]]);
  });

  it('shows an order placed through another web process on the very next request', async () => {
    const { user } = await userWithOrders(1);
    await page(user);
    const placed = await peer.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { items: [{ product_id: product.id, qty: 5 }], payment_method: 'balance' },
    });
    expect(placed.statusCode).toBe(201);
    const after = await page(user);
    expect(after.body.data[0]).toMatchObject({ id: placed.json().id, total_cents: 1500 });
    expect(after.body.data).toHaveLength(2);
  });

  it('shows every user their order when the orders of several users are placed together, in one statement', async () => {
    const users = await Promise.all([userWithOrders(1), userWithOrders(1), userWithOrders(1)]);
    for (const { user } of users) await page(user);
    // Requests in flight together: their balance orders share one InsertOrders (a set).
    const placed = await Promise.all(
      users.map(({ user }) => postOrder(t, user, { items: [{ product_id: product.id, qty: 2 }], payment_method: 'balance' })),
    );
    for (const [i, { user, ids: before }] of users.entries()) {
      expect(placed[i]!.status).toBe(201);
      expect(ids((await page(user)).body)).toEqual([placed[i]!.body.id, ...before]);
    }
    // And with plain SQL: one INSERT of two users' orders.
    const { rows } = await t.database.admin.query<{ id: string }>(
      `INSERT INTO orders (user_id, status, payment_method, total_cents, currency)
       SELECT u, 'pending', 'card', 0, 'USD' FROM unnest($1::int8[]) AS u RETURNING id`,
      [users.slice(0, 2).map(({ user }) => user.id)],
    );
    for (const [i, { user }] of users.slice(0, 2).entries()) expect(ids((await page(user)).body)[0]).toBe(Number(rows[i]!.id));
  });

  it('shows changes made with plain SQL: a status, a line, a deleted order, the user’s e-mail', async () => {
    const { user, ids: placed } = await userWithOrders(2);
    const admin = t.database.admin;
    await page(user);

    await admin.query(`UPDATE orders SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [placed[0]]);
    expect((await page(user)).body.data[1]).toMatchObject({ id: placed[0], status: 'cancelled' });

    await admin.query(`UPDATE order_items SET product_name = 'Desk lamp' WHERE order_id = $1`, [placed[1]]);
    expect((await page(user)).body.data[0].items[0].product_name).toBe('Desk lamp');

    await admin.query('DELETE FROM orders WHERE id = $1', [placed[0]]);
    expect(ids((await page(user)).body)).toEqual([placed[1]]);

    await admin.query(`UPDATE users SET email = 'renamed-' || email WHERE id = $1`, [user.id]);
    expect((await page(user)).body.data[0].user_email).toBe(`renamed-${user.email}`);
  });

  it('never sends one user’s page to another, nor to a user created again under the same id', async () => {
    const a = await userWithOrders(2);
    const b = await userWithOrders(1);
    expect(ids((await page(a.user)).body)).toEqual([...a.ids].reverse());
    expect(ids((await page(b.user)).body)).toEqual(b.ids);

    // A restore or a TRUNCATE … RESTART IDENTITY can bring an id back: the same user row and
    // token, without the orders, must not find the old page.
    const admin = t.database.admin;
    const { rows: users } = await admin.query('SELECT * FROM users WHERE id = $1', [a.user.id]);
    const { rows: tokens } = await admin.query('SELECT * FROM api_tokens WHERE user_id = $1', [a.user.id]);
    await admin.query('DELETE FROM users WHERE id = $1', [a.user.id]);
    await insertRow(admin, 'users', { ...users[0], orders_version: undefined });
    for (const token of tokens) await insertRow(admin, 'api_tokens', token);
    const again = await page(a.user);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual([]);
  });
});

/** Inserts `row` as it was read, its identity included (columns whose value is undefined take their defaults). */
async function insertRow(db: pg.Client, table: string, row: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(row).filter(([, v]) => v !== undefined);
  const columns = entries.map(([k]) => `"${k}"`).join(', ');
  const params = entries.map((_, i) => `$${i + 1}`).join(', ');
  await db.query(`INSERT INTO ${table} (${columns}) OVERRIDING SYSTEM VALUE VALUES (${params})`, entries.map(([, v]) => v));
}
