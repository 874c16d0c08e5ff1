// `ledgerline seed [--demo]` as an operator runs it: a child process against a private test
// database, twice, then the demo accounts used through the real HTTP application.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../test/support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { buildWebApp, type WebApp } from '../main.ts';
import { createLogger } from '../platform/log.ts';
import { DEMO_CATEGORIES, DEMO_CUSTOMERS, DEMO_STAFF } from './seed-demo-data.ts';

const TABLES = ['users', 'categories', 'products', 'customers', 'invoices', 'orders', 'order_items', 'balance_ledger'] as const;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = rows[0]!.n;
  }
  return out;
}

describe('ledgerline seed', () => {
  it('without --demo changes nothing and says what --demo would add', async () => {
    const before = await counts();
    const r = await runCliProcess(['seed'], { DATABASE_URL: db.url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Nothing to seed');
    expect(r.stdout).toContain('seed --demo');
    expect(await counts()).toEqual(before);
  });

  it('refuses --demo in production, where its public passwords would be a hole', async () => {
    const r = await runCliProcess(['seed', '--demo'], { DATABASE_URL: db.url, APP_ENV: 'production', SECRET_KEY: randomBytes(48).toString('base64url') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('APP_ENV=production');
    expect((await counts()).users).toBe(0);
  });

  it('exits 2 for an unknown flag', async () => {
    const r = await runCliProcess(['seed', '--demo', '--lots'], { DATABASE_URL: db.url });
    expect(r.code).toBe(2);
  });
});

describe('ledgerline seed --demo', () => {
  let first: Record<string, number>;

  beforeAll(async () => {
    const r = await runCliProcess(['seed', '--demo'], { DATABASE_URL: db.url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${DEMO_STAFF.email}  ${DEMO_STAFF.password}  (staff)`);
    first = await counts();
  }, 60_000);

  it('creates the demo catalog, accounts, customers, invoices and orders', () => {
    const products = DEMO_CATEGORIES.reduce((n, c) => n + c.products.length, 0);
    expect(first.categories).toBe(DEMO_CATEGORIES.length);
    expect(first.products).toBe(products);
    expect(products).toBeGreaterThanOrEqual(40);
    expect(first.users).toBe(1 + DEMO_CUSTOMERS.length);
    expect(first.customers).toBe(DEMO_CUSTOMERS.reduce((n, a) => n + a.customers.length, 0));
    expect(first.invoices).toBe(DEMO_CUSTOMERS.reduce((n, a) => n + a.invoices.length, 0));
    expect(first.orders).toBe(DEMO_CUSTOMERS.reduce((n, a) => n + a.orders.length, 0));
  });

  it('keeps every balance equal to the sum of its ledger rows, through funding and balance orders', async () => {
    const { rows } = await db.admin.query<{ email: string; balance: string; ledger: string; debits: number }>(
      `SELECT u.email, u.balance_cents AS balance, coalesce(sum(l.amount_cents), 0) AS ledger,
              count(*) FILTER (WHERE l.kind = 'order_debit')::int AS debits
         FROM users u LEFT JOIN balance_ledger l ON l.user_id = u.id GROUP BY u.id`,
    );
    for (const row of rows) expect(row.balance, row.email).toBe(row.ledger);
    for (const account of DEMO_CUSTOMERS) {
      const row = rows.find((r) => r.email === account.email)!;
      expect(row.debits).toBe(account.orders.filter((o) => o.paymentMethod === 'balance').length);
      expect(Number(row.balance)).toBeGreaterThan(0);
    }
  });

  it('adds nothing when run again, and reports everything as already there', async () => {
    const r = await runCliProcess(['seed', '--demo'], { DATABASE_URL: db.url });
    expect(r.code, r.stderr).toBe(0);
    expect(await counts()).toEqual(first);
    expect(r.stdout).toMatch(/^\s+products\s+0\s+\d+$/m);
    expect(r.stdout).toContain(DEMO_CUSTOMERS[0]!.password);
  }, 60_000);

  describe('through the API', () => {
    let web: WebApp;
    beforeAll(async () => {
      const config = loadConfig({ APP_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
      web = await buildWebApp(config, createLogger(config.logLevel), db.url);
    });
    afterAll(async () => web.app.close());

    const login = async (email: string, password: string) => {
      const res = await web.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { email, password } });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { token: string }).token;
    };

    it('lets a demo customer log in and see the balance, orders and invoices the seed made', async () => {
      const account = DEMO_CUSTOMERS[0]!;
      const token = await login(account.email, account.password);
      const headers = { authorization: `Bearer ${token}` };
      const me = (await web.app.inject({ method: 'GET', url: '/api/v1/me', headers })).json() as { email: string; balance_cents: number; is_staff: boolean };
      expect(me).toMatchObject({ email: account.email, is_staff: false });
      expect(me.balance_cents).toBeGreaterThan(0);
      const orders = (await web.app.inject({ method: 'GET', url: '/api/v1/orders', headers })).json() as { data: { items: unknown[] }[] };
      expect(orders.data).toHaveLength(account.orders.length);
      const invoices = (await web.app.inject({ method: 'GET', url: '/api/v1/invoices', headers })).json() as { data: { status: string }[] };
      expect(invoices.data.map((i) => i.status).sort()).toEqual(account.invoices.map((i) => i.status).sort());
    });

    it('lets the demo staff user log in as staff, and shows the catalog by category to anyone', async () => {
      const token = await login(DEMO_STAFF.email, DEMO_STAFF.password);
      const me = (await web.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).json() as { is_staff: boolean };
      expect(me.is_staff).toBe(true);
      const category = DEMO_CATEGORIES[0]!;
      const res = await web.app.inject({ method: 'GET', url: `/api/v1/products?category=${category.slug}&limit=200` });
      const names = (res.json() as { data: { name: string; category: { slug: string } }[] }).data;
      expect(names.map((p) => p.name).sort()).toEqual(category.products.map((p) => p.name).sort());
      expect(names.every((p) => p.category.slug === category.slug)).toBe(true);
    });
  });
});
