// Users with API tokens and a product, inserted set-based as bench/seed.ts does (tokens follow the
// users feature's scheme: 32 random bytes as base64url, stored as their SHA-256); balances are
// funded through the API, so every cent has its ledger row.
import { createHash, randomBytes } from 'node:crypto';
import type { HarnessDatabase } from './database.ts';
import type { HttpClient } from './http.ts';

export interface Actor {
  id: number;
  token: string;
}

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export async function seedActors(db: HarnessDatabase, count: number, options: { staff?: boolean; prefix: string }): Promise<Actor[]> {
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (email, name, password_hash, is_staff)
     SELECT $1 || '-' || g || '@example.com', 'Reliability ' || g, '!unusable', $2
       FROM generate_series(1, $3::int) AS g
     RETURNING id`,
    [options.prefix, options.staff === true, count],
  );
  const actors = users.map((u) => ({ id: Number(u.id), token: randomBytes(32).toString('base64url') }));
  await db.query(
    `INSERT INTO api_tokens (user_id, token_hash, expires_at)
     SELECT t.user_id, t.token_hash, now() + interval '1 day' FROM unnest($1::bigint[], $2::bytea[]) AS t(user_id, token_hash)`,
    [actors.map((a) => a.id), actors.map((a) => sha256(a.token))],
  );
  return actors;
}

export async function seedProduct(db: HarnessDatabase, priceCents: number): Promise<number> {
  const [row] = await db.query<{ id: string }>(`INSERT INTO products (name, price_cents) VALUES ('Reliability widget', $1) RETURNING id`, [priceCents]);
  return Number(row!.id);
}

/** A staff adjustment through the API (a ledger row with it); throws unless it is a 201. */
export async function credit(http: HttpClient, staff: Actor, userId: number, amountCents: number): Promise<void> {
  const res = await http.request('POST', `/api/v1/users/${userId}/balance-adjustments`, {
    token: staff.token,
    body: { amount_cents: amountCents, reason: 'reliability funding' },
  });
  if (res.status !== 201) throw new Error(`funding user ${userId} failed: ${res.status} ${JSON.stringify(res.body ?? res.error)}`);
}

/** Users whose balance differs from the sum of their ledger rows (must be none). */
export async function ledgerMismatches(db: HarnessDatabase, userIds: number[]): Promise<{ id: number; balance: number; ledger: number }[]> {
  const rows = await db.query<{ id: string; balance: string; ledger: string }>(
    `SELECT u.id, u.balance_cents AS balance, COALESCE(sum(l.amount_cents), 0) AS ledger
       FROM users u LEFT JOIN balance_ledger l ON l.user_id = u.id
      WHERE u.id = ANY($1::bigint[])
      GROUP BY u.id
     HAVING u.balance_cents <> COALESCE(sum(l.amount_cents), 0)`,
    [userIds],
  );
  return rows.map((r) => ({ id: Number(r.id), balance: Number(r.balance), ledger: Number(r.ledger) }));
}
