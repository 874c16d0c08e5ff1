/** Types generated for queries found in "src/features/balance/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'ApplyBalanceChange' parameters type */
export interface IApplyBalanceChangeParams {
  createdBy?: number | null | void;
  deltaCents: number;
  kind: string;
  reference: string;
  userId: number;
}

/** 'ApplyBalanceChange' return type */
export interface IApplyBalanceChangeResult {
  amount_cents: number;
  created_at: Date;
  id: number;
  kind: string;
  reference: string;
}

/** 'ApplyBalanceChange' query type */
export interface IApplyBalanceChangeQuery {
  params: IApplyBalanceChangeParams;
  result: IApplyBalanceChangeResult;
}

const applyBalanceChangeIR: any = {"usedParamSet":{"deltaCents":true,"userId":true,"kind":true,"reference":true,"createdBy":true},"params":[{"name":"deltaCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":655,"b":666},{"a":724,"b":735},{"a":859,"b":870}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":688,"b":695}]},{"name":"kind","required":true,"transform":{"type":"scalar"},"locs":[{"a":879,"b":884}]},{"name":"reference","required":true,"transform":{"type":"scalar"},"locs":[{"a":893,"b":903}]},{"name":"createdBy","required":false,"transform":{"type":"scalar"},"locs":[{"a":912,"b":921}]}],"statement":"-- Every balance change, in one statement: the conditional UPDATE moves the balance only while it\n-- covers the change (balance_cents >= -delta, i.e. balance_cents >= the amount of a debit; always\n-- true for a credit), and the ledger row is written from the updated row, so neither happens\n-- without the other and no value is ever read and written back. The row lock taken by the UPDATE\n-- serialises concurrent changes to one user; a waiting UPDATE re-checks the condition against the\n-- committed balance. Zero rows back: no such user, or the balance does not cover the debit.\nWITH changed AS (\n  UPDATE users\n     SET balance_cents = balance_cents + :deltaCents!::int8\n   WHERE id = :userId!\n     AND balance_cents >= -:deltaCents!::int8\n  RETURNING id\n)\nINSERT INTO balance_ledger (user_id, amount_cents, kind, reference, created_by)\nSELECT changed.id, :deltaCents!::int8, :kind!::text, :reference!::text, :createdBy::int8\n  FROM changed\nRETURNING id, amount_cents, kind, reference, created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Every balance change, in one statement: the conditional UPDATE moves the balance only while it
 * -- covers the change (balance_cents >= -delta, i.e. balance_cents >= the amount of a debit; always
 * -- true for a credit), and the ledger row is written from the updated row, so neither happens
 * -- without the other and no value is ever read and written back. The row lock taken by the UPDATE
 * -- serialises concurrent changes to one user; a waiting UPDATE re-checks the condition against the
 * -- committed balance. Zero rows back: no such user, or the balance does not cover the debit.
 * WITH changed AS (
 *   UPDATE users
 *      SET balance_cents = balance_cents + :deltaCents!::int8
 *    WHERE id = :userId!
 *      AND balance_cents >= -:deltaCents!::int8
 *   RETURNING id
 * )
 * INSERT INTO balance_ledger (user_id, amount_cents, kind, reference, created_by)
 * SELECT changed.id, :deltaCents!::int8, :kind!::text, :reference!::text, :createdBy::int8
 *   FROM changed
 * RETURNING id, amount_cents, kind, reference, created_at
 * ```
 */
export const applyBalanceChange = new PreparedQuery<IApplyBalanceChangeParams,IApplyBalanceChangeResult>(applyBalanceChangeIR);


/** 'DebitEach' parameters type */
export interface IDebitEachParams {
  amounts: numberArray;
  kinds: stringArray;
  references: stringArray;
  userIds: numberArray;
}

/** 'DebitEach' return type */
export interface IDebitEachResult {
  amount_cents: number | null;
  balance_cents: number;
  created_at: Date | null;
  entry_id: number | null;
  judged: boolean;
  kind: string | null;
  position: number;
  reference: string | null;
  user_id: number;
}

/** 'DebitEach' query type */
export interface IDebitEachQuery {
  params: IDebitEachParams;
  result: IDebitEachResult;
}

const debitEachIR: any = {"usedParamSet":{"userIds":true,"amounts":true,"kinds":true,"references":true},"params":[{"name":"userIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1524,"b":1532}]},{"name":"amounts","required":true,"transform":{"type":"scalar"},"locs":[{"a":1543,"b":1551}]},{"name":"kinds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1562,"b":1568}]},{"name":"references","required":true,"transform":{"type":"scalar"},"locs":[{"a":1579,"b":1590}]}],"statement":"-- Debits users for several changes at once, each as ApplyBalanceChange would, in the order given:\n-- a change goes through only while the balance covers it, and its ledger row is written with it.\n-- A user may have several changes; they are judged one after another on what the earlier ones\n-- left. Since amounts are positive, the changes that go through are a prefix of each user's:\n-- the first one the balance does not cover is refused (with the balance it found), and the user's\n-- later changes are not judged at all (the caller tries them again later), since one refused does\n-- not lower the balance the next would be judged on. The users' rows are locked first, in id\n-- order, so that two sets never deadlock. The lock is the one the UPDATE takes anyway (FOR NO KEY\n-- UPDATE, which other transactions' foreign-key checks on the user do not wait for), and it reads\n-- each row as last committed; each user's row is then updated once, by the sum of its changes\n-- that go through. One row per change of a user that exists, by its place in the arrays (1-based):\n-- the ledger row when it went through; else whether it was judged, and the balance it was judged\n-- on. No row for the changes of a user that does not exist. A user's references must differ (the\n-- ledger rows are matched back to their changes by them).\nWITH change AS (\n  SELECT c.user_id, c.amount_cents, c.kind, c.reference, c.position,\n         sum(c.amount_cents) OVER (PARTITION BY c.user_id ORDER BY c.position) AS running_cents\n    FROM unnest(:userIds!::int8[], :amounts!::int8[], :kinds!::text[], :references!::text[])\n           WITH ORDINALITY AS c(user_id, amount_cents, kind, reference, position)\n), payer AS MATERIALIZED (\n  SELECT u.id, u.balance_cents\n    FROM users u\n   WHERE u.id IN (SELECT user_id FROM change)\n   ORDER BY u.id\n     FOR NO KEY UPDATE\n), judged AS (\n  SELECT c.*, p.balance_cents AS found_cents, c.running_cents <= p.balance_cents AS covered,\n         lag(c.running_cents <= p.balance_cents, 1, true) OVER (PARTITION BY c.user_id ORDER BY c.position) AS reached\n    FROM change c\n    JOIN payer p ON p.id = c.user_id\n), debited AS (\n  UPDATE users u\n     SET balance_cents = u.balance_cents - t.total_cents\n    FROM (SELECT user_id, sum(amount_cents) AS total_cents FROM judged WHERE covered GROUP BY user_id) t\n   WHERE u.id = t.user_id\n     AND u.balance_cents >= t.total_cents\n  RETURNING u.id\n), ledger AS (\n  INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)\n  SELECT j.user_id, -j.amount_cents, j.kind, j.reference\n    FROM judged j\n    JOIN debited d ON d.id = j.user_id\n   WHERE j.covered\n   ORDER BY j.position\n  RETURNING id, user_id, amount_cents, kind, reference, created_at\n)\nSELECT j.position AS \"position!\", j.user_id AS \"user_id!\", j.reached AS \"judged!\",\n       (j.found_cents - j.running_cents + j.amount_cents)::int8 AS \"balance_cents!\",\n       l.id AS \"entry_id?\", l.amount_cents AS \"amount_cents?\", l.kind AS \"kind?\",\n       l.reference AS \"reference?\", l.created_at AS \"created_at?\"\n  FROM judged j\n  LEFT JOIN ledger l ON l.user_id = j.user_id AND l.reference = j.reference AND j.covered\n ORDER BY j.position"};

/**
 * Query generated from SQL:
 * ```
 * -- Debits users for several changes at once, each as ApplyBalanceChange would, in the order given:
 * -- a change goes through only while the balance covers it, and its ledger row is written with it.
 * -- A user may have several changes; they are judged one after another on what the earlier ones
 * -- left. Since amounts are positive, the changes that go through are a prefix of each user's:
 * -- the first one the balance does not cover is refused (with the balance it found), and the user's
 * -- later changes are not judged at all (the caller tries them again later), since one refused does
 * -- not lower the balance the next would be judged on. The users' rows are locked first, in id
 * -- order, so that two sets never deadlock. The lock is the one the UPDATE takes anyway (FOR NO KEY
 * -- UPDATE, which other transactions' foreign-key checks on the user do not wait for), and it reads
 * -- each row as last committed; each user's row is then updated once, by the sum of its changes
 * -- that go through. One row per change of a user that exists, by its place in the arrays (1-based):
 * -- the ledger row when it went through; else whether it was judged, and the balance it was judged
 * -- on. No row for the changes of a user that does not exist. A user's references must differ (the
 * -- ledger rows are matched back to their changes by them).
 * WITH change AS (
 *   SELECT c.user_id, c.amount_cents, c.kind, c.reference, c.position,
 *          sum(c.amount_cents) OVER (PARTITION BY c.user_id ORDER BY c.position) AS running_cents
 *     FROM unnest(:userIds!::int8[], :amounts!::int8[], :kinds!::text[], :references!::text[])
 *            WITH ORDINALITY AS c(user_id, amount_cents, kind, reference, position)
 * ), payer AS MATERIALIZED (
 *   SELECT u.id, u.balance_cents
 *     FROM users u
 *    WHERE u.id IN (SELECT user_id FROM change)
 *    ORDER BY u.id
 *      FOR NO KEY UPDATE
 * ), judged AS (
 *   SELECT c.*, p.balance_cents AS found_cents, c.running_cents <= p.balance_cents AS covered,
 *          lag(c.running_cents <= p.balance_cents, 1, true) OVER (PARTITION BY c.user_id ORDER BY c.position) AS reached
 *     FROM change c
 *     JOIN payer p ON p.id = c.user_id
 * ), debited AS (
 *   UPDATE users u
 *      SET balance_cents = u.balance_cents - t.total_cents
 *     FROM (SELECT user_id, sum(amount_cents) AS total_cents FROM judged WHERE covered GROUP BY user_id) t
 *    WHERE u.id = t.user_id
 *      AND u.balance_cents >= t.total_cents
 *   RETURNING u.id
 * ), ledger AS (
 *   INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)
 *   SELECT j.user_id, -j.amount_cents, j.kind, j.reference
 *     FROM judged j
 *     JOIN debited d ON d.id = j.user_id
 *    WHERE j.covered
 *    ORDER BY j.position
 *   RETURNING id, user_id, amount_cents, kind, reference, created_at
 * )
 * SELECT j.position AS "position!", j.user_id AS "user_id!", j.reached AS "judged!",
 *        (j.found_cents - j.running_cents + j.amount_cents)::int8 AS "balance_cents!",
 *        l.id AS "entry_id?", l.amount_cents AS "amount_cents?", l.kind AS "kind?",
 *        l.reference AS "reference?", l.created_at AS "created_at?"
 *   FROM judged j
 *   LEFT JOIN ledger l ON l.user_id = j.user_id AND l.reference = j.reference AND j.covered
 *  ORDER BY j.position
 * ```
 */
export const debitEach = new PreparedQuery<IDebitEachParams,IDebitEachResult>(debitEachIR);


/** 'GetBalanceByUserId' parameters type */
export interface IGetBalanceByUserIdParams {
  userId: number;
}

/** 'GetBalanceByUserId' return type */
export interface IGetBalanceByUserIdResult {
  balance_cents: number;
}

/** 'GetBalanceByUserId' query type */
export interface IGetBalanceByUserIdQuery {
  params: IGetBalanceByUserIdParams;
  result: IGetBalanceByUserIdResult;
}

const getBalanceByUserIdIR: any = {"usedParamSet":{"userId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":183,"b":190}]}],"statement":"-- Only after ApplyBalanceChange matched nothing: tells \"no such user\" from \"not enough\", and\n-- reports the balance that was available.\nSELECT balance_cents\n  FROM users\n WHERE id = :userId!"};

/**
 * Query generated from SQL:
 * ```
 * -- Only after ApplyBalanceChange matched nothing: tells "no such user" from "not enough", and
 * -- reports the balance that was available.
 * SELECT balance_cents
 *   FROM users
 *  WHERE id = :userId!
 * ```
 */
export const getBalanceByUserId = new PreparedQuery<IGetBalanceByUserIdParams,IGetBalanceByUserIdResult>(getBalanceByUserIdIR);


/** 'GetBalanceWithRecentLedger' parameters type */
export interface IGetBalanceWithRecentLedgerParams {
  limit: number;
  userId: number;
}

/** 'GetBalanceWithRecentLedger' return type */
export interface IGetBalanceWithRecentLedgerResult {
  amount_cents: number | null;
  balance_cents: number;
  created_at: Date | null;
  entry_id: number | null;
  kind: string | null;
  reference: string | null;
}

/** 'GetBalanceWithRecentLedger' query type */
export interface IGetBalanceWithRecentLedgerQuery {
  params: IGetBalanceWithRecentLedgerParams;
  result: IGetBalanceWithRecentLedgerResult;
}

const getBalanceWithRecentLedgerIR: any = {"usedParamSet":{"limit":true,"userId":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":632,"b":638}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":674,"b":681}]}],"statement":"-- The balance and its newest ledger rows in one statement, so both come from one snapshot (the\n-- rows listed are exactly those the balance already includes). A user without ledger rows gets\n-- one row with NULL entry columns (the LEFT JOIN); \"?\" marks them nullable for pgtyped.\nSELECT u.balance_cents,\n       l.id AS \"entry_id?\", l.amount_cents AS \"amount_cents?\", l.kind AS \"kind?\",\n       l.reference AS \"reference?\", l.created_at AS \"created_at?\"\n  FROM users u\n  LEFT JOIN LATERAL (\n    SELECT id, amount_cents, kind, reference, created_at\n      FROM balance_ledger\n     WHERE user_id = u.id\n     ORDER BY id DESC\n     LIMIT :limit!::int8\n  ) l ON true\n WHERE u.id = :userId!\n ORDER BY l.id DESC"};

/**
 * Query generated from SQL:
 * ```
 * -- The balance and its newest ledger rows in one statement, so both come from one snapshot (the
 * -- rows listed are exactly those the balance already includes). A user without ledger rows gets
 * -- one row with NULL entry columns (the LEFT JOIN); "?" marks them nullable for pgtyped.
 * SELECT u.balance_cents,
 *        l.id AS "entry_id?", l.amount_cents AS "amount_cents?", l.kind AS "kind?",
 *        l.reference AS "reference?", l.created_at AS "created_at?"
 *   FROM users u
 *   LEFT JOIN LATERAL (
 *     SELECT id, amount_cents, kind, reference, created_at
 *       FROM balance_ledger
 *      WHERE user_id = u.id
 *      ORDER BY id DESC
 *      LIMIT :limit!::int8
 *   ) l ON true
 *  WHERE u.id = :userId!
 *  ORDER BY l.id DESC
 * ```
 */
export const getBalanceWithRecentLedger = new PreparedQuery<IGetBalanceWithRecentLedgerParams,IGetBalanceWithRecentLedgerResult>(getBalanceWithRecentLedgerIR);


