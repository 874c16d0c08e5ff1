/** Types generated for queries found in "src/features/invoices/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type numberArray = (number)[];

/** 'InsertInvoiceForOwner' parameters type */
export interface IInsertInvoiceForOwnerParams {
  amountCents: number;
  currency: string;
  customerId: number;
  memo: string;
  ownerId: number;
}

/** 'InsertInvoiceForOwner' return type */
export interface IInsertInvoiceForOwnerResult {
  amount_cents: number;
  created_at: Date;
  currency: string;
  customer_id: number;
  customer_name: string;
  id: number;
  memo: string;
  paid_at: Date | null;
  status: string;
}

/** 'InsertInvoiceForOwner' query type */
export interface IInsertInvoiceForOwnerQuery {
  params: IInsertInvoiceForOwnerParams;
  result: IInsertInvoiceForOwnerResult;
}

const insertInvoiceForOwnerIR: any = {"usedParamSet":{"customerId":true,"ownerId":true,"amountCents":true,"currency":true,"memo":true},"params":[{"name":"customerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":256,"b":267}]},{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":284,"b":292},{"a":397,"b":405}]},{"name":"amountCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":421,"b":433}]},{"name":"currency","required":true,"transform":{"type":"scalar"},"locs":[{"a":436,"b":445}]},{"name":"memo","required":true,"transform":{"type":"scalar"},"locs":[{"a":448,"b":453}]}],"statement":"-- The ownership check and the insert are one statement: zero rows back means customer_id is not\n-- one of the owner's customers. A customer deleted concurrently fails the foreign key (23503).\nWITH customer AS (\n  SELECT id, name FROM customers WHERE id = :customerId! AND owner_id = :ownerId!\n), inserted AS (\n  INSERT INTO invoices (owner_id, customer_id, amount_cents, currency, memo)\n  SELECT :ownerId!, customer.id, :amountCents!, :currency!, :memo! FROM customer\n  RETURNING id, customer_id, amount_cents, currency, memo, status, created_at, paid_at\n)\nSELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,\n       i.status, i.created_at, i.paid_at\n  FROM inserted i\n  JOIN customer c ON c.id = i.customer_id"};

/**
 * Query generated from SQL:
 * ```
 * -- The ownership check and the insert are one statement: zero rows back means customer_id is not
 * -- one of the owner's customers. A customer deleted concurrently fails the foreign key (23503).
 * WITH customer AS (
 *   SELECT id, name FROM customers WHERE id = :customerId! AND owner_id = :ownerId!
 * ), inserted AS (
 *   INSERT INTO invoices (owner_id, customer_id, amount_cents, currency, memo)
 *   SELECT :ownerId!, customer.id, :amountCents!, :currency!, :memo! FROM customer
 *   RETURNING id, customer_id, amount_cents, currency, memo, status, created_at, paid_at
 * )
 * SELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,
 *        i.status, i.created_at, i.paid_at
 *   FROM inserted i
 *   JOIN customer c ON c.id = i.customer_id
 * ```
 */
export const insertInvoiceForOwner = new PreparedQuery<IInsertInvoiceForOwnerParams,IInsertInvoiceForOwnerResult>(insertInvoiceForOwnerIR);


/** 'GetInvoicesForOwners' parameters type */
export interface IGetInvoicesForOwnersParams {
  ids: numberArray;
  ownerIds: numberArray;
}

/** 'GetInvoicesForOwners' return type */
export interface IGetInvoicesForOwnersResult {
  amount_cents: number;
  created_at: Date;
  currency: string;
  customer_id: number;
  customer_name: string;
  id: number;
  memo: string;
  paid_at: Date | null;
  position: number;
  status: string;
}

/** 'GetInvoicesForOwners' query type */
export interface IGetInvoicesForOwnersQuery {
  params: IGetInvoicesForOwnersParams;
  result: IGetInvoicesForOwnersResult;
}

const getInvoicesForOwnersIR: any = {"usedParamSet":{"ids":true,"ownerIds":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":449,"b":453}]},{"name":"ownerIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":464,"b":473}]}],"statement":"-- Owner-scoped lookups, one or several at once (InvoiceLookups), each an (id, owner) pair: a row\n-- per pair that is the owner's invoice (someone else's is not found, exactly like a missing one),\n-- with the pair's place in the arrays (1-based). The customer's name is joined.\nSELECT l.position AS \"position!\", i.id, i.customer_id, c.name AS customer_name, i.amount_cents,\n       i.currency, i.memo, i.status, i.created_at, i.paid_at\n  FROM unnest(:ids!::int8[], :ownerIds!::int8[]) WITH ORDINALITY AS l(id, owner_id, position)\n  JOIN invoices i ON i.id = l.id AND i.owner_id = l.owner_id\n  JOIN customers c ON c.id = i.customer_id"};

/**
 * Query generated from SQL:
 * ```
 * -- Owner-scoped lookups, one or several at once (InvoiceLookups), each an (id, owner) pair: a row
 * -- per pair that is the owner's invoice (someone else's is not found, exactly like a missing one),
 * -- with the pair's place in the arrays (1-based). The customer's name is joined.
 * SELECT l.position AS "position!", i.id, i.customer_id, c.name AS customer_name, i.amount_cents,
 *        i.currency, i.memo, i.status, i.created_at, i.paid_at
 *   FROM unnest(:ids!::int8[], :ownerIds!::int8[]) WITH ORDINALITY AS l(id, owner_id, position)
 *   JOIN invoices i ON i.id = l.id AND i.owner_id = l.owner_id
 *   JOIN customers c ON c.id = i.customer_id
 * ```
 */
export const getInvoicesForOwners = new PreparedQuery<IGetInvoicesForOwnersParams,IGetInvoicesForOwnersResult>(getInvoicesForOwnersIR);


/** 'ListInvoicesForOwner' parameters type */
export interface IListInvoicesForOwnerParams {
  beforeId?: number | null | void;
  customerId?: number | null | void;
  limit: number;
  ownerId: number;
  status?: string | null | void;
}

/** 'ListInvoicesForOwner' return type */
export interface IListInvoicesForOwnerResult {
  amount_cents: number;
  created_at: Date;
  currency: string;
  customer_id: number;
  customer_name: string;
  id: number;
  memo: string;
  paid_at: Date | null;
  status: string;
}

/** 'ListInvoicesForOwner' query type */
export interface IListInvoicesForOwnerQuery {
  params: IListInvoicesForOwnerParams;
  result: IListInvoicesForOwnerResult;
}

const listInvoicesForOwnerIR: any = {"usedParamSet":{"ownerId":true,"status":true,"customerId":true,"beforeId":true,"limit":true},"params":[{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":356,"b":364}]},{"name":"status","required":false,"transform":{"type":"scalar"},"locs":[{"a":374,"b":380},{"a":410,"b":416}]},{"name":"customerId","required":false,"transform":{"type":"scalar"},"locs":[{"a":433,"b":443},{"a":478,"b":488}]},{"name":"beforeId","required":false,"transform":{"type":"scalar"},"locs":[{"a":505,"b":513},{"a":539,"b":547}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":583,"b":589}]}],"statement":"-- Keyset page on id DESC with optional filters (NULL = any); the customer comes from the join,\n-- so a page is one statement whatever its size.\nSELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,\n       i.status, i.created_at, i.paid_at\n  FROM invoices i\n  JOIN customers c ON c.id = i.customer_id\n WHERE i.owner_id = :ownerId!\n   AND (:status::text IS NULL OR i.status = :status::text)\n   AND (:customerId::int8 IS NULL OR i.customer_id = :customerId::int8)\n   AND (:beforeId::int8 IS NULL OR i.id < :beforeId::int8)\n ORDER BY i.id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- Keyset page on id DESC with optional filters (NULL = any); the customer comes from the join,
 * -- so a page is one statement whatever its size.
 * SELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,
 *        i.status, i.created_at, i.paid_at
 *   FROM invoices i
 *   JOIN customers c ON c.id = i.customer_id
 *  WHERE i.owner_id = :ownerId!
 *    AND (:status::text IS NULL OR i.status = :status::text)
 *    AND (:customerId::int8 IS NULL OR i.customer_id = :customerId::int8)
 *    AND (:beforeId::int8 IS NULL OR i.id < :beforeId::int8)
 *  ORDER BY i.id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listInvoicesForOwner = new PreparedQuery<IListInvoicesForOwnerParams,IListInvoicesForOwnerResult>(listInvoicesForOwnerIR);


/** 'TransitionInvoiceForOwner' parameters type */
export interface ITransitionInvoiceForOwnerParams {
  fromStatus: string;
  id: number;
  ownerId: number;
  toStatus: string;
}

/** 'TransitionInvoiceForOwner' return type */
export interface ITransitionInvoiceForOwnerResult {
  amount_cents: number;
  created_at: Date;
  currency: string;
  customer_id: number;
  customer_name: string;
  id: number;
  memo: string;
  paid_at: Date | null;
  status: string;
  transitioned: boolean;
}

/** 'TransitionInvoiceForOwner' query type */
export interface ITransitionInvoiceForOwnerQuery {
  params: ITransitionInvoiceForOwnerParams;
  result: ITransitionInvoiceForOwnerResult;
}

const transitionInvoiceForOwnerIR: any = {"usedParamSet":{"toStatus":true,"id":true,"ownerId":true,"fromStatus":true},"params":[{"name":"toStatus","required":true,"transform":{"type":"scalar"},"locs":[{"a":542,"b":551},{"a":591,"b":600},{"a":677,"b":686}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":747,"b":750},{"a":1463,"b":1466}]},{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":767,"b":775},{"a":1485,"b":1493}]},{"name":"fromStatus","required":true,"transform":{"type":"scalar"},"locs":[{"a":790,"b":801}]}],"statement":"-- One conditional UPDATE: it applies only while the invoice is in fromStatus, so two concurrent\n-- transitions cannot both win. When it changes nothing, the second branch returns the invoice as\n-- this statement's snapshot saw it (transitioned = false): a row means 409, no row means 404.\n-- (\"x!\" aliases tell pgtyped the columns are NOT NULL, which it cannot infer through UNION ALL.)\n-- Invoices are never deleted on their own, so the two branches cannot disagree about existence.\nWITH updated AS (\n  UPDATE invoices\n     SET status    = :toStatus!::text,\n         paid_at   = CASE WHEN :toStatus!::text = 'paid' THEN now() ELSE paid_at END,\n         voided_at = CASE WHEN :toStatus!::text = 'void' THEN now() ELSE voided_at END\n   WHERE id = :id! AND owner_id = :ownerId! AND status = :fromStatus!::text\n  RETURNING id, customer_id, amount_cents, currency, memo, status, created_at, paid_at\n)\nSELECT u.id AS \"id!\", u.customer_id AS \"customer_id!\", c.name AS \"customer_name!\",\n       u.amount_cents AS \"amount_cents!\", u.currency AS \"currency!\", u.memo AS \"memo!\",\n       u.status AS \"status!\", u.created_at AS \"created_at!\", u.paid_at, true AS \"transitioned!\"\n  FROM updated u\n  JOIN customers c ON c.id = u.customer_id\nUNION ALL\nSELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,\n       i.status, i.created_at, i.paid_at, false AS transitioned\n  FROM invoices i\n  JOIN customers c ON c.id = i.customer_id\n WHERE i.id = :id! AND i.owner_id = :ownerId!\n   AND NOT EXISTS (SELECT 1 FROM updated)"};

/**
 * Query generated from SQL:
 * ```
 * -- One conditional UPDATE: it applies only while the invoice is in fromStatus, so two concurrent
 * -- transitions cannot both win. When it changes nothing, the second branch returns the invoice as
 * -- this statement's snapshot saw it (transitioned = false): a row means 409, no row means 404.
 * -- ("x!" aliases tell pgtyped the columns are NOT NULL, which it cannot infer through UNION ALL.)
 * -- Invoices are never deleted on their own, so the two branches cannot disagree about existence.
 * WITH updated AS (
 *   UPDATE invoices
 *      SET status    = :toStatus!::text,
 *          paid_at   = CASE WHEN :toStatus!::text = 'paid' THEN now() ELSE paid_at END,
 *          voided_at = CASE WHEN :toStatus!::text = 'void' THEN now() ELSE voided_at END
 *    WHERE id = :id! AND owner_id = :ownerId! AND status = :fromStatus!::text
 *   RETURNING id, customer_id, amount_cents, currency, memo, status, created_at, paid_at
 * )
 * SELECT u.id AS "id!", u.customer_id AS "customer_id!", c.name AS "customer_name!",
 *        u.amount_cents AS "amount_cents!", u.currency AS "currency!", u.memo AS "memo!",
 *        u.status AS "status!", u.created_at AS "created_at!", u.paid_at, true AS "transitioned!"
 *   FROM updated u
 *   JOIN customers c ON c.id = u.customer_id
 * UNION ALL
 * SELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,
 *        i.status, i.created_at, i.paid_at, false AS transitioned
 *   FROM invoices i
 *   JOIN customers c ON c.id = i.customer_id
 *  WHERE i.id = :id! AND i.owner_id = :ownerId!
 *    AND NOT EXISTS (SELECT 1 FROM updated)
 * ```
 */
export const transitionInvoiceForOwner = new PreparedQuery<ITransitionInvoiceForOwnerParams,ITransitionInvoiceForOwnerResult>(transitionInvoiceForOwnerIR);


/** 'SumInvoicesForOwnerByCurrency' parameters type */
export interface ISumInvoicesForOwnerByCurrencyParams {
  ownerId: number;
  periodEnd: DateOrString;
  periodStart: DateOrString;
}

/** 'SumInvoicesForOwnerByCurrency' return type */
export interface ISumInvoicesForOwnerByCurrencyResult {
  currency: string;
  outstanding_cents: number;
  paid_cents: number;
}

/** 'SumInvoicesForOwnerByCurrency' query type */
export interface ISumInvoicesForOwnerByCurrencyQuery {
  params: ISumInvoicesForOwnerByCurrencyParams;
  result: ISumInvoicesForOwnerByCurrencyResult;
}

const sumInvoicesForOwnerByCurrencyIR: any = {"usedParamSet":{"ownerId":true,"periodStart":true,"periodEnd":true},"params":[{"name":"ownerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":522,"b":530}]},{"name":"periodStart","required":true,"transform":{"type":"scalar"},"locs":[{"a":579,"b":591}]},{"name":"periodEnd","required":true,"transform":{"type":"scalar"},"locs":[{"a":620,"b":630}]}],"statement":"-- The dashboard's figures, per currency, in one statement: open invoices (outstanding) and those\n-- paid in [periodStart, periodEnd). Each branch of the OR is an index range scan\n-- (invoices_owner_status_idx, invoices_owner_paid_idx); currencies with neither are not returned.\nSELECT currency,\n       coalesce(sum(amount_cents) FILTER (WHERE status = 'open'), 0)::int8 AS \"outstanding_cents!\",\n       coalesce(sum(amount_cents) FILTER (WHERE status = 'paid'), 0)::int8 AS \"paid_cents!\"\n  FROM invoices\n WHERE owner_id = :ownerId!\n   AND (status = 'open'\n        OR (paid_at >= :periodStart!::timestamptz AND paid_at < :periodEnd!::timestamptz))\n GROUP BY currency\n ORDER BY currency"};

/**
 * Query generated from SQL:
 * ```
 * -- The dashboard's figures, per currency, in one statement: open invoices (outstanding) and those
 * -- paid in [periodStart, periodEnd). Each branch of the OR is an index range scan
 * -- (invoices_owner_status_idx, invoices_owner_paid_idx); currencies with neither are not returned.
 * SELECT currency,
 *        coalesce(sum(amount_cents) FILTER (WHERE status = 'open'), 0)::int8 AS "outstanding_cents!",
 *        coalesce(sum(amount_cents) FILTER (WHERE status = 'paid'), 0)::int8 AS "paid_cents!"
 *   FROM invoices
 *  WHERE owner_id = :ownerId!
 *    AND (status = 'open'
 *         OR (paid_at >= :periodStart!::timestamptz AND paid_at < :periodEnd!::timestamptz))
 *  GROUP BY currency
 *  ORDER BY currency
 * ```
 */
export const sumInvoicesForOwnerByCurrency = new PreparedQuery<ISumInvoicesForOwnerByCurrencyParams,ISumInvoicesForOwnerByCurrencyResult>(sumInvoicesForOwnerByCurrencyIR);


