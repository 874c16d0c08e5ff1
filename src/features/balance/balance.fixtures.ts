// Test support for the balance and orders tests: funding through the service, and the ledger
// invariant checked with SQL under the API. Not a test file itself: vitest only collects *.test.ts.
import type { TestApp } from '../../../test/support/app.ts';
import type { TestUser } from '../../../test/support/factories.ts';
import type { LedgerEntry } from './balance.ts';

const signal = () => new AbortController().signal;

/** A staff adjustment of `amountCents` to `user`'s balance, made by `staff`. */
export function fund(t: TestApp, staff: TestUser, user: TestUser, amountCents: number): Promise<LedgerEntry> {
  return t.services.balance.adjust({ userId: user.id, amountCents, reason: 'test funding', staffUserId: staff.id }, signal());
}

/** users.balance_cents and the sum of the user's ledger rows, read under the API. */
export async function balanceAndLedgerSum(t: TestApp, userId: number): Promise<{ balance: number; ledgerSum: number; rows: number }> {
  const { rows } = await t.database.admin.query<{ balance: string; ledger_sum: string; n: string }>(
    `SELECT u.balance_cents AS balance,
            COALESCE((SELECT sum(amount_cents) FROM balance_ledger l WHERE l.user_id = u.id), 0) AS ledger_sum,
            (SELECT count(*) FROM balance_ledger l WHERE l.user_id = u.id) AS n
       FROM users u WHERE u.id = $1`,
    [userId],
  );
  const row = rows[0]!;
  return { balance: Number(row.balance), ledgerSum: Number(row.ledger_sum), rows: Number(row.n) };
}

/** Users (of this test database) whose balance differs from their ledger sum or is negative. */
export async function ledgerInvariantViolations(t: TestApp): Promise<{ id: number; balance: number; ledger_sum: number }[]> {
  const { rows } = await t.database.admin.query<{ id: string; balance: string; ledger_sum: string }>(
    `SELECT u.id, u.balance_cents AS balance, COALESCE(s.total, 0) AS ledger_sum
       FROM users u
       LEFT JOIN (SELECT user_id, sum(amount_cents) AS total FROM balance_ledger GROUP BY user_id) s ON s.user_id = u.id
      WHERE u.balance_cents <> COALESCE(s.total, 0) OR u.balance_cents < 0`,
  );
  return rows.map((r) => ({ id: Number(r.id), balance: Number(r.balance), ledger_sum: Number(r.ledger_sum) }));
}
