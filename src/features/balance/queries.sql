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

/* @name DebitEach */
-- Debits several users at once, each as ApplyBalanceChange would: the balance moves only while it
-- covers the amount, and its ledger row is written from the moved row. One change per user (the
-- caller sees to it). The users' rows are locked first, in id order, so that two sets debiting
-- the same users never deadlock. The lock is the one the UPDATE takes anyway (FOR NO KEY UPDATE,
-- which other transactions' foreign-key checks on the user do not wait for), and it reads each
-- row as last committed. One row per user found: the ledger row when the debit went through, and
-- the balance after it, or as it stood when it did not cover the amount (entry columns NULL). No
-- row for a user that does not exist.
WITH change AS (
  SELECT c.user_id, c.amount_cents, c.kind, c.reference
    FROM unnest(:userIds!::int8[], :amounts!::int8[], :kinds!::text[], :references!::text[]) AS c(user_id, amount_cents, kind, reference)
), payer AS MATERIALIZED (
  SELECT u.id, u.balance_cents
    FROM users u
   WHERE u.id IN (SELECT user_id FROM change)
   ORDER BY u.id
     FOR NO KEY UPDATE
), debited AS (
  UPDATE users u
     SET balance_cents = u.balance_cents - c.amount_cents
    FROM payer p
    JOIN change c ON c.user_id = p.id
   WHERE u.id = p.id
     AND u.balance_cents >= c.amount_cents
  RETURNING u.id, u.balance_cents
), ledger AS (
  INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)
  SELECT c.user_id, -c.amount_cents, c.kind, c.reference
    FROM change c
    JOIN debited d ON d.id = c.user_id
  RETURNING id, user_id, amount_cents, kind, reference, created_at
)
SELECT p.id AS "user_id!", COALESCE(d.balance_cents, p.balance_cents) AS "balance_cents!",
       l.id AS "entry_id?", l.amount_cents AS "amount_cents?", l.kind AS "kind?",
       l.reference AS "reference?", l.created_at AS "created_at?"
  FROM payer p
  LEFT JOIN debited d ON d.id = p.id
  LEFT JOIN ledger l ON l.user_id = p.id;

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
