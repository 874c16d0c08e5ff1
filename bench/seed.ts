// Set-based seeding of a fresh benchmark database, in one transaction: users with one API token
// each, customers and invoices (here), the catalog and paid orders with their ledger
// (seed-commerce.ts). Every table is filled by one INSERT … SELECT over generate_series/unnest,
// with the secondary indexes built once at the end (seed-bulk.ts), so 1M products and 100k orders
// take seconds, not the hours row-by-row API calls would. Tokens follow the users feature's
// scheme so the API accepts them: 32 random bytes as base64url, stored as sha256(token).
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { SeedSize } from './options.ts';
import { withIndexesDeferred } from './seed-bulk.ts';
import { balanceMismatches, danglingReferences, sampleProducts, seedCatalog, seedOrders } from './seed-commerce.ts';

export interface SeededUser {
  id: number;
  email: string;
  token: string;
  invoiceIds: number[];
}

export interface SeededData {
  users: SeededUser[];
  /** A random sample of live products, for W4's order lines. */
  productIds: number[];
  categorySlugs: string[];
  /** Milliseconds: loading the rows, building the indexes, checking references and balances, VACUUM ANALYZE. */
  timings: { load_ms: number; indexes_ms: number; check_ms: number; vacuum_ms: number };
}

const BULK_TABLES = ['users', 'api_tokens', 'customers', 'invoices', 'categories', 'products', 'orders', 'order_items', 'balance_ledger'];
const PRODUCT_SAMPLE = 1000;

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

async function seedBilling(client: pg.ClientBase, size: SeedSize): Promise<{ userIds: number[]; tokens: string[] }> {
  const { rows: users } = await client.query<{ id: string }>(
    `INSERT INTO users (email, name, password_hash)
     SELECT 'bench-' || g || '@example.com', 'Bench User ' || g, '!unusable'
       FROM generate_series(1, $1::int) AS g
     RETURNING id`,
    [size.users],
  );
  const userIds = users.map((u) => Number(u.id));
  const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
  await client.query(
    `INSERT INTO api_tokens (user_id, token_hash, expires_at)
     SELECT t.user_id, t.token_hash, now() + interval '30 days'
       FROM unnest($1::bigint[], $2::bytea[]) AS t(user_id, token_hash)`,
    [userIds, tokens.map(sha256)],
  );
  await client.query(
    `INSERT INTO customers (owner_id, name, email)
     SELECT u.id, 'Customer ' || c || ' of user ' || u.id, 'customer-' || c || '-' || u.id || '@example.com'
       FROM unnest($1::bigint[]) AS u(id) CROSS JOIN generate_series(1, $2::int) AS c`,
    [userIds, size.customersPerUser],
  );
  // Invoice g of a user goes to its customer number g mod customersPerUser; every fourth is paid.
  await client.query(
    `WITH ranked AS (
       SELECT id, owner_id, row_number() OVER (PARTITION BY owner_id ORDER BY id) - 1 AS k
         FROM customers WHERE owner_id = ANY($1::bigint[]))
     INSERT INTO invoices (owner_id, customer_id, amount_cents, currency, memo, status, paid_at)
     SELECT r.owner_id, r.id, 100 + (g::bigint * 7919) % 99900, (ARRAY['USD', 'EUR', 'GBP'])[1 + g % 3],
            'Benchmark invoice ' || g,
            CASE WHEN g % 4 = 0 THEN 'paid' ELSE 'open' END,
            CASE WHEN g % 4 = 0 THEN now() END
       FROM unnest($1::bigint[]) AS u(id)
       CROSS JOIN generate_series(1, $2::int) AS g
       JOIN ranked r ON r.owner_id = u.id AND r.k = (g - 1) % $3::int`,
    [userIds, size.invoicesPerUser, size.customersPerUser],
  );
  return { userIds, tokens };
}

export async function seed(client: pg.ClientBase, size: SeedSize): Promise<SeededData> {
  let billing: { userIds: number[]; tokens: string[] } | undefined;
  const started = performance.now();
  let indexesMs = 0;
  await client.query('BEGIN');
  // Foreign keys are checked by per-row triggers, about half the load time at a million rows; in
  // `replica` mode they do not fire. Every id here comes from the rows just inserted, so the keys
  // hold by construction (CHECK constraints still apply). Needs a superuser, which the embedded
  // server's is.
  await client.query('SET LOCAL session_replication_role = replica');
  try {
    indexesMs = await withIndexesDeferred(client, BULK_TABLES, async () => {
      billing = await seedBilling(client, size);
      await seedCatalog(client, size);
      await seedOrders(client, billing.userIds, size);
    });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  const loaded = performance.now();
  const [dangling, mismatched] = [await danglingReferences(client), await balanceMismatches(client)];
  if (dangling + mismatched > 0) throw new Error(`seed is inconsistent: ${dangling} dangling reference(s), ${mismatched} balance(s) ≠ ledger`);
  const checked = performance.now();
  // Fresh statistics and visibility maps, as a database in steady state has.
  await client.query(`VACUUM ANALYZE ${BULK_TABLES.join(', ')}`);
  const vacuumMs = performance.now() - checked;

  const { userIds, tokens } = billing!;
  const { rows } = await client.query<{ owner_id: string; ids: string[] }>(
    `SELECT owner_id, array_agg(id ORDER BY id) AS ids FROM invoices GROUP BY owner_id ORDER BY owner_id`,
  );
  const byOwner = new Map(rows.map((r) => [Number(r.owner_id), r.ids.map(Number)]));
  const { rows: emails } = await client.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE id = ANY($1::bigint[])`, [userIds]);
  const emailOf = new Map(emails.map((r) => [Number(r.id), r.email]));
  const { rows: slugs } = await client.query<{ slug: string }>(`SELECT slug FROM categories ORDER BY id`);
  return {
    users: userIds.map((id, i) => ({ id, email: emailOf.get(id)!, token: tokens[i]!, invoiceIds: byOwner.get(id) ?? [] })),
    productIds: await sampleProducts(client, PRODUCT_SAMPLE),
    categorySlugs: slugs.map((r) => r.slug),
    timings: { load_ms: Math.round(loaded - started - indexesMs), indexes_ms: Math.round(indexesMs), check_ms: Math.round(checked - loaded), vacuum_ms: Math.round(vacuumMs) },
  };
}
