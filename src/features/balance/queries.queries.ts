/** Types generated for queries found in "src/features/balance/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

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


