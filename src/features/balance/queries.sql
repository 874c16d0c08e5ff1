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
-- Debits users for several changes at once, each as ApplyBalanceChange would, in the order given:
-- a change goes through only while the balance covers it, and its ledger row is written with it.
-- A user may have several changes; they are judged one after another on what the earlier ones
-- left. Since amounts are positive, the changes that go through are a prefix of each user's:
-- the first one the balance does not cover is refused (with the balance it found), and the user's
-- later changes are not judged at all (the caller tries them again later), since one refused does
-- not lower the balance the next would be judged on. The users' rows are locked first, in id
-- order, so that two sets never deadlock. The lock is the one the UPDATE takes anyway (FOR NO KEY
-- UPDATE, which other transactions' foreign-key checks on the user do not wait for), and it reads
-- each row as last committed; each user's row is then updated once, by the sum of its changes
-- that go through. One row per change of a user that exists, by its place in the arrays (1-based):
-- the ledger row when it went through; else whether it was judged, and the balance it was judged
-- on. No row for the changes of a user that does not exist. A user's references must differ (the
-- ledger rows are matched back to their changes by them).
WITH change AS (
  SELECT c.user_id, c.amount_cents, c.kind, c.reference, c.position,
         sum(c.amount_cents) OVER (PARTITION BY c.user_id ORDER BY c.position) AS running_cents
    FROM unnest(:userIds!::int8[], :amounts!::int8[], :kinds!::text[], :references!::text[])
           WITH ORDINALITY AS c(user_id, amount_cents, kind, reference, position)
), payer AS MATERIALIZED (
  SELECT u.id, u.balance_cents
    FROM users u
   WHERE u.id IN (SELECT user_id FROM change)
   ORDER BY u.id
     FOR NO KEY UPDATE
), judged AS (
  SELECT c.*, p.balance_cents AS found_cents, c.running_cents <= p.balance_cents AS covered,
         lag(c.running_cents <= p.balance_cents, 1, true) OVER (PARTITION BY c.user_id ORDER BY c.position) AS reached
    FROM change c
    JOIN payer p ON p.id = c.user_id
), debited AS (
  UPDATE users u
     SET balance_cents = u.balance_cents - t.total_cents
    FROM (SELECT user_id, sum(amount_cents) AS total_cents FROM judged WHERE covered GROUP BY user_id) t
   WHERE u.id = t.user_id
     AND u.balance_cents >= t.total_cents
  RETURNING u.id
), ledger AS (
  INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)
  SELECT j.user_id, -j.amount_cents, j.kind, j.reference
    FROM judged j
    JOIN debited d ON d.id = j.user_id
   WHERE j.covered
   ORDER BY j.position
  RETURNING id, user_id, amount_cents, kind, reference, created_at
)
SELECT j.position AS "position!", j.user_id AS "user_id!", j.reached AS "judged!",
       (j.found_cents - j.running_cents + j.amount_cents)::int8 AS "balance_cents!",
       l.id AS "entry_id?", l.amount_cents AS "amount_cents?", l.kind AS "kind?",
       l.reference AS "reference?", l.created_at AS "created_at?"
  FROM judged j
  LEFT JOIN ledger l ON l.user_id = j.user_id AND l.reference = j.reference AND j.covered
 ORDER BY j.position;

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
