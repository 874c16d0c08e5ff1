// Set-based seeding of a fresh benchmark database: users, one API token each, customers and
// invoices, each table filled by one INSERT … SELECT over generate_series/unnest (seconds, not
// minutes, for 10k invoices). Tokens follow the users feature's scheme so the API accepts them:
// 32 random bytes as base64url, stored as sha256(token) in api_tokens.token_hash.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

export interface SeedSize {
  users: number;
  customersPerUser: number;
  invoicesPerUser: number;
}

export interface SeededUser {
  id: number;
  token: string;
  invoiceIds: number[];
}

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export async function seed(client: pg.Client, size: SeedSize): Promise<SeededUser[]> {
  let userIds: number[];
  let tokens: string[];
  await client.query('BEGIN');
  try {
    const { rows: users } = await client.query<{ id: string }>(
      `INSERT INTO users (email, name, password_hash)
       SELECT 'bench-' || g || '@example.com', 'Bench User ' || g, '!unusable'
         FROM generate_series(1, $1::int) AS g
       RETURNING id`,
      [size.users],
    );
    userIds = users.map((u) => Number(u.id));
    tokens = userIds.map(() => randomBytes(32).toString('base64url'));
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
       SELECT r.owner_id, r.id, 100 + (g * 7919) % 99900, (ARRAY['USD', 'EUR', 'GBP'])[1 + g % 3],
              'Benchmark invoice ' || g,
              CASE WHEN g % 4 = 0 THEN 'paid' ELSE 'open' END,
              CASE WHEN g % 4 = 0 THEN now() END
         FROM unnest($1::bigint[]) AS u(id)
         CROSS JOIN generate_series(1, $2::int) AS g
         JOIN ranked r ON r.owner_id = u.id AND r.k = (g - 1) % $3::int`,
      [userIds, size.invoicesPerUser, size.customersPerUser],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  await client.query('ANALYZE');

  const { rows } = await client.query<{ owner_id: string; ids: string[] }>(
    `SELECT owner_id, array_agg(id ORDER BY id) AS ids FROM invoices GROUP BY owner_id ORDER BY owner_id`,
  );
  const byOwner = new Map(rows.map((r) => [Number(r.owner_id), r.ids.map(Number)]));
  return userIds.map((id, i) => ({ id, token: tokens[i]!, invoiceIds: byOwner.get(id) ?? [] }));
}
