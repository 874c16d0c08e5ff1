// DATABASE_REPLICA_URL routes the dashboard's and usage's reads to a second database. Here the
// "replica" is a second test database that does not replicate: what only it holds proves where a
// read went, and what only the primary holds proves where a write went.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';

let replica: TestDatabase;
let t: TestApp;
let user: TestUser;
let replicaInvoiceId: number;
beforeAll(async () => {
  replica = await createTestDatabase();
  t = await startTestApp({ env: { DATABASE_REPLICA_URL: replica.url } });
  user = await createUser(t);
  // The same user (same id) on the replica, with data the primary does not have.
  const r = replica.admin;
  await r.query(
    `INSERT INTO users (id, email, name, password_hash, balance_cents) OVERRIDING SYSTEM VALUE
     VALUES ($1, $2, 'Replica copy', 'x', 4242)`,
    [user.id, user.email],
  );
  const { rows: [customer] } = await r.query<{ id: string }>(`INSERT INTO customers (owner_id, name) VALUES ($1, 'Only on the replica') RETURNING id`, [user.id]);
  const { rows: [invoice] } = await r.query<{ id: string }>(
    `INSERT INTO invoices (owner_id, customer_id, amount_cents, currency) VALUES ($1, $2, 777, 'GBP') RETURNING id`,
    [user.id, customer!.id],
  );
  replicaInvoiceId = Number(invoice!.id);
  await r.query(`INSERT INTO usage_events (user_id, event_id, metric, quantity, occurred_at) VALUES ($1, 'r1', 'replica.only', 9, now())`, [user.id]);
});
afterAll(async () => {
  await t.close();
  await replica.drop();
});

const count = async (db: TestDatabase, sql: string, values: unknown[]) => Number((await db.admin.query(sql, values)).rows[0].count);

describe('read routing with DATABASE_REPLICA_URL', () => {
  it('reads the whole dashboard from the replica', async () => {
    const res = await t.request('GET', '/api/v1/dashboard', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.invoices.map((i: { id: number }) => i.id)).toEqual([replicaInvoiceId]);
    expect(res.body.invoices[0].customer.name).toBe('Only on the replica');
    expect(res.body.billing).toMatchObject({ balance_cents: 4242, outstanding: [{ currency: 'GBP', amount_cents: 777 }] });
    expect(res.body.usage.metrics).toEqual([{ metric: 'replica.only', quantity: 9 }]);
    // Statements on the replica's pool count towards the request too.
    expect(res.statements).toBe(6);
  });

  it('writes usage events and invoices to the primary, and reads usage sums from the replica', async () => {
    const posted = await t.request('POST', '/api/v1/usage-events', { token: user.token, body: { event_id: 'p1', metric: 'primary.only', quantity: 5 } });
    expect(posted.status).toBe(202);
    expect(await count(t.database, `SELECT count(*) FROM usage_events WHERE user_id = $1 AND event_id = 'p1'`, [user.id])).toBe(1);
    expect(await count(replica, `SELECT count(*) FROM usage_events WHERE user_id = $1 AND event_id = 'p1'`, [user.id])).toBe(0);

    const usage = await t.request('GET', '/api/v1/usage', { token: user.token });
    expect(usage.body.metrics).toEqual([{ metric: 'replica.only', quantity: 9 }]);

    const customer = await t.request('POST', '/api/v1/customers', { token: user.token, body: { name: 'Primary customer' } });
    expect(customer.status).toBe(201);
    const invoice = await t.request('POST', '/api/v1/invoices', {
      token: user.token,
      body: { customer_id: customer.body.id, amount_cents: 100, currency: 'USD' },
    });
    expect(invoice.status).toBe(201);
    expect(await count(replica, `SELECT count(*) FROM invoices WHERE amount_cents = 100 AND owner_id = $1`, [user.id])).toBe(0);
    // The primary's invoice is not on the (non-replicating) replica, so the dashboard does not show it.
    const dashboard = await t.request('GET', '/api/v1/dashboard', { token: user.token });
    expect(dashboard.body.invoices.map((i: { id: number }) => i.id)).toEqual([replicaInvoiceId]);
  });

  it('uses the primary for everything when DATABASE_REPLICA_URL is unset', async () => {
    const plain = await startTestApp();
    try {
      const u = await createUser(plain);
      await plain.request('POST', '/api/v1/usage-events', { token: u.token, body: { event_id: 'x', metric: 'm', quantity: 3 } });
      const res = await plain.request('GET', '/api/v1/dashboard', { token: u.token });
      expect(res.body.usage.metrics).toEqual([{ metric: 'm', quantity: 3 }]);
    } finally {
      await plain.close();
    }
  });
});
