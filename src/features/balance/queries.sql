/* @name ApplyBalanceChange */
-- Every balance change, in one statement: the conditional UPDATE moves the balance only while it
-- covers the change (balance_cents >= -delta, i.e. balance_cents >= the amount of a debit; always
-- true for a credit), and the ledger row is written from the updated row, so neither happens
-- without the other and no value is ever read and written back. The row lock taken by the UPDATE
-- serialises concurrent changes to one user; a waiting UPDATE re-checks the condition against the
-- committed balance. Zero rows back: no such user, or the balance does not cover the debit.
WITH changed AS (
  UPDATE users
     SET balance_cents = balance_cents + :deltaCents!::int8
   WHERE id = :userId!
     AND balance_cents >= -:deltaCents!::int8
  RETURNING id
)
INSERT INTO balance_ledger (user_id, amount_cents, kind, reference, created_by)
SELECT changed.id, :deltaCents!::int8, :kind!::text, :reference!::text, :createdBy::int8
  FROM changed
RETURNING id, amount_cents, kind, reference, created_at;

/* @name GetBalanceByUserId */
-- Only after ApplyBalanceChange matched nothing: tells "no such user" from "not enough", and
-- reports the balance that was available.
SELECT balance_cents
  FROM users
 WHERE id = :userId!;

/* @name GetBalanceWithRecentLedger */
-- The balance and its newest ledger rows in one statement, so both come from one snapshot (the
-- rows listed are exactly those the balance already includes). A user without ledger rows gets
-- one row with NULL entry columns (the LEFT JOIN); "?" marks them nullable for pgtyped.
SELECT u.balance_cents,
       l.id AS "entry_id?", l.amount_cents AS "amount_cents?", l.kind AS "kind?",
       l.reference AS "reference?", l.created_at AS "created_at?"
  FROM users u
  LEFT JOIN LATERAL (
    SELECT id, amount_cents, kind, reference, created_at
      FROM balance_ledger
     WHERE user_id = u.id
     ORDER BY id DESC
     LIMIT :limit!::int8
  ) l ON true
 WHERE u.id = :userId!
 ORDER BY l.id DESC;
