/** Types generated for queries found in "src/features/orders/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'PriceOrders' parameters type */
export interface IPriceOrdersParams {
  lineOrders: numberArray;
  lineProductIds: numberArray;
  lineQtys: numberArray;
  orders: number;
}

/** 'PriceOrders' return type */
export interface IPriceOrdersResult {
  id: number;
  items: Json;
  ord: number;
  total_cents: number;
}

/** 'PriceOrders' query type */
export interface IPriceOrdersQuery {
  params: IPriceOrdersParams;
  result: IPriceOrdersResult;
}

const priceOrdersIR: any = {"usedParamSet":{"lineOrders":true,"lineProductIds":true,"lineQtys":true,"orders":true},"params":[{"name":"lineOrders","required":true,"transform":{"type":"scalar"},"locs":[{"a":1466,"b":1477}]},{"name":"lineProductIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1488,"b":1503}]},{"name":"lineQtys","required":true,"transform":{"type":"scalar"},"locs":[{"a":1514,"b":1523}]},{"name":"orders","required":true,"transform":{"type":"scalar"},"locs":[{"a":2166,"b":2173}]}],"statement":"-- Prices a set of card orders from the catalog and reserves their ids, before anything is written\n-- (balance orders are priced inside PlaceBalanceOrders, the same way). The lines arrive as three parallel arrays, so the statement text never depends on\n-- their number: the order's place in the set (1 to :orders), the product (at most once per order)\n-- and the quantity. The live products among them are read FOR SHARE, in id order (so two sets\n-- never deadlock): a concurrent price change or delete waits until the orders' transaction ends,\n-- so each order is priced as it is stored, and a product deleted while we waited for its lock is\n-- left out. One row per order, in the set's order: a new id from the orders' sequence, the lines\n-- whose product the catalog offers, in the order given, as one JSON array of [product_id,\n-- product_name, unit_price_cents, qty, line_total_cents] arrays, and their total; a line whose\n-- product is missing or deleted is left out, which is how the caller tells that the order cannot\n-- be placed. Money is summed here, in int8, not in the caller. The orders' places come from an\n-- array's unnest, not generate_series(1, :orders): a generic plan takes the series for 1,000 rows,\n-- far more than a custom plan sees, so PostgreSQL planned the statement anew on every call (0.24\n-- ms, against 0.01 for a generic plan, on the benchmark machine).\nWITH line AS (\n  SELECT l.ord, l.product_id, l.qty, l.position\n    FROM unnest(:lineOrders!::int4[], :lineProductIds!::int8[], :lineQtys!::int4[]) WITH ORDINALITY AS l(ord, product_id, qty, position)\n), priced AS MATERIALIZED (\n  SELECT id, name, price_cents\n    FROM products\n   WHERE id IN (SELECT product_id FROM line) AND deleted_at IS NULL\n   ORDER BY id\n     FOR SHARE\n)\nSELECT o.ord AS \"ord!\", nextval(pg_get_serial_sequence('orders', 'id')) AS \"id!\",\n       COALESCE(json_agg(json_build_array(l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty) ORDER BY l.position)\n                  FILTER (WHERE p.id IS NOT NULL), '[]'::json) AS \"items!\",\n       COALESCE(sum(p.price_cents * l.qty), 0)::int8 AS \"total_cents!\"\n  FROM unnest(array_fill(NULL::int4, ARRAY[:orders!::int4])) WITH ORDINALITY AS o(unused, ord)\n  LEFT JOIN line l ON l.ord = o.ord\n  LEFT JOIN priced p ON p.id = l.product_id\n GROUP BY o.ord\n ORDER BY o.ord"};

/**
 * Query generated from SQL:
 * ```
 * -- Prices a set of card orders from the catalog and reserves their ids, before anything is written
 * -- (balance orders are priced inside PlaceBalanceOrders, the same way). The lines arrive as three parallel arrays, so the statement text never depends on
 * -- their number: the order's place in the set (1 to :orders), the product (at most once per order)
 * -- and the quantity. The live products among them are read FOR SHARE, in id order (so two sets
 * -- never deadlock): a concurrent price change or delete waits until the orders' transaction ends,
 * -- so each order is priced as it is stored, and a product deleted while we waited for its lock is
 * -- left out. One row per order, in the set's order: a new id from the orders' sequence, the lines
 * -- whose product the catalog offers, in the order given, as one JSON array of [product_id,
 * -- product_name, unit_price_cents, qty, line_total_cents] arrays, and their total; a line whose
 * -- product is missing or deleted is left out, which is how the caller tells that the order cannot
 * -- be placed. Money is summed here, in int8, not in the caller. The orders' places come from an
 * -- array's unnest, not generate_series(1, :orders): a generic plan takes the series for 1,000 rows,
 * -- far more than a custom plan sees, so PostgreSQL planned the statement anew on every call (0.24
 * -- ms, against 0.01 for a generic plan, on the benchmark machine).
 * WITH line AS (
 *   SELECT l.ord, l.product_id, l.qty, l.position
 *     FROM unnest(:lineOrders!::int4[], :lineProductIds!::int8[], :lineQtys!::int4[]) WITH ORDINALITY AS l(ord, product_id, qty, position)
 * ), priced AS MATERIALIZED (
 *   SELECT id, name, price_cents
 *     FROM products
 *    WHERE id IN (SELECT product_id FROM line) AND deleted_at IS NULL
 *    ORDER BY id
 *      FOR SHARE
 * )
 * SELECT o.ord AS "ord!", nextval(pg_get_serial_sequence('orders', 'id')) AS "id!",
 *        COALESCE(json_agg(json_build_array(l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty) ORDER BY l.position)
 *                   FILTER (WHERE p.id IS NOT NULL), '[]'::json) AS "items!",
 *        COALESCE(sum(p.price_cents * l.qty), 0)::int8 AS "total_cents!"
 *   FROM unnest(array_fill(NULL::int4, ARRAY[:orders!::int4])) WITH ORDINALITY AS o(unused, ord)
 *   LEFT JOIN line l ON l.ord = o.ord
 *   LEFT JOIN priced p ON p.id = l.product_id
 *  GROUP BY o.ord
 *  ORDER BY o.ord
 * ```
 */
export const priceOrders = new PreparedQuery<IPriceOrdersParams,IPriceOrdersResult>(priceOrdersIR);


/** 'InsertOrders' parameters type */
export interface IInsertOrdersParams {
  currency: string;
  ids: numberArray;
  lineOrderIds: numberArray;
  lineProductIds: numberArray;
  lineProductNames: stringArray;
  lineQtys: numberArray;
  lineUnitPrices: numberArray;
  paymentMethod: string;
  status: string;
  totals: numberArray;
  userIds: numberArray;
}

/** 'InsertOrders' return type */
export interface IInsertOrdersResult {
  cancelled_at: Date | null;
  created_at: Date;
  currency: string;
  id: number;
  paid_at: Date | null;
  payment_method: string;
  status: string;
  total_cents: number;
  user_email: string;
  user_id: number;
}

/** 'InsertOrders' query type */
export interface IInsertOrdersQuery {
  params: IInsertOrdersParams;
  result: IInsertOrdersResult;
}

const insertOrdersIR: any = {"usedParamSet":{"status":true,"paymentMethod":true,"currency":true,"ids":true,"userIds":true,"totals":true,"lineOrderIds":true,"lineProductIds":true,"lineProductNames":true,"lineUnitPrices":true,"lineQtys":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":616,"b":623},{"a":707,"b":714}]},{"name":"paymentMethod","required":true,"transform":{"type":"scalar"},"locs":[{"a":632,"b":646}]},{"name":"currency","required":true,"transform":{"type":"scalar"},"locs":[{"a":670,"b":679}]},{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":762,"b":766}]},{"name":"userIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":777,"b":785}]},{"name":"totals","required":true,"transform":{"type":"scalar"},"locs":[{"a":796,"b":803}]},{"name":"lineOrderIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1209,"b":1222}]},{"name":"lineProductIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1233,"b":1248}]},{"name":"lineProductNames","required":true,"transform":{"type":"scalar"},"locs":[{"a":1259,"b":1276}]},{"name":"lineUnitPrices","required":true,"transform":{"type":"scalar"},"locs":[{"a":1287,"b":1302}]},{"name":"lineQtys","required":true,"transform":{"type":"scalar"},"locs":[{"a":1313,"b":1322}]}],"statement":"-- Writes a set of orders priced by PriceOrders in this transaction, under the ids it reserved,\n-- with all their lines, in one statement. All of one status and payment method (card orders,\n-- `pending`; a `paid` one is paid now). Lines arrive as parallel arrays\n-- naming their order's id, in the order given; the names and prices are those PriceOrders read\n-- FOR SHARE, so they are still the catalog's. The orders come back with their owner's e-mail.\nWITH inserted AS (\n  INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, paid_at)\n  OVERRIDING SYSTEM VALUE\n  SELECT o.id, o.user_id, :status!::text, :paymentMethod!::text, o.total_cents, :currency!::text,\n         CASE WHEN :status!::text = 'paid' THEN now() END\n    FROM unnest(:ids!::int8[], :userIds!::int8[], :totals!::int8[]) AS o(id, user_id, total_cents)\n   ORDER BY o.id\n  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at\n), written AS (\n  INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)\n  SELECT l.order_id, l.product_id, l.product_name, l.unit_price_cents, l.qty, l.unit_price_cents * l.qty\n    FROM unnest(:lineOrderIds!::int8[], :lineProductIds!::int8[], :lineProductNames!::text[], :lineUnitPrices!::int8[], :lineQtys!::int4[])\n           WITH ORDINALITY AS l(order_id, product_id, product_name, unit_price_cents, qty, position)\n   ORDER BY l.position\n)\nSELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,\n       o.created_at, o.paid_at, o.cancelled_at\n  FROM inserted o\n  JOIN users u ON u.id = o.user_id\n ORDER BY o.id"};

/**
 * Query generated from SQL:
 * ```
 * -- Writes a set of orders priced by PriceOrders in this transaction, under the ids it reserved,
 * -- with all their lines, in one statement. All of one status and payment method (card orders,
 * -- `pending`; a `paid` one is paid now). Lines arrive as parallel arrays
 * -- naming their order's id, in the order given; the names and prices are those PriceOrders read
 * -- FOR SHARE, so they are still the catalog's. The orders come back with their owner's e-mail.
 * WITH inserted AS (
 *   INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, paid_at)
 *   OVERRIDING SYSTEM VALUE
 *   SELECT o.id, o.user_id, :status!::text, :paymentMethod!::text, o.total_cents, :currency!::text,
 *          CASE WHEN :status!::text = 'paid' THEN now() END
 *     FROM unnest(:ids!::int8[], :userIds!::int8[], :totals!::int8[]) AS o(id, user_id, total_cents)
 *    ORDER BY o.id
 *   RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
 * ), written AS (
 *   INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)
 *   SELECT l.order_id, l.product_id, l.product_name, l.unit_price_cents, l.qty, l.unit_price_cents * l.qty
 *     FROM unnest(:lineOrderIds!::int8[], :lineProductIds!::int8[], :lineProductNames!::text[], :lineUnitPrices!::int8[], :lineQtys!::int4[])
 *            WITH ORDINALITY AS l(order_id, product_id, product_name, unit_price_cents, qty, position)
 *    ORDER BY l.position
 * )
 * SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
 *        o.created_at, o.paid_at, o.cancelled_at
 *   FROM inserted o
 *   JOIN users u ON u.id = o.user_id
 *  ORDER BY o.id
 * ```
 */
export const insertOrders = new PreparedQuery<IInsertOrdersParams,IInsertOrdersResult>(insertOrdersIR);


/** 'PlaceBalanceOrders' parameters type */
export interface IPlaceBalanceOrdersParams {
  currency: string;
  expireInSeconds: NumberOrString;
  jobName: string;
  keepUntil: string;
  lineOrders: numberArray;
  lineProductIds: numberArray;
  lineQtys: numberArray;
  retryBackoff: boolean;
  retryDelay: number;
  retryLimit: number;
  userIds: numberArray;
}

/** 'PlaceBalanceOrders' return type */
export interface IPlaceBalanceOrdersResult {
  balance_cents: number | null;
  cancelled_at: Date | null;
  created_at: Date | null;
  currency: string | null;
  id: number;
  items: Json;
  job_written: boolean;
  judged: boolean | null;
  paid_at: Date | null;
  payment_method: string | null;
  position: number;
  queue_found: boolean;
  status: string | null;
  total_cents: number;
  user_email: string | null;
  user_id: number | null;
}

/** 'PlaceBalanceOrders' query type */
export interface IPlaceBalanceOrdersQuery {
  params: IPlaceBalanceOrdersParams;
  result: IPlaceBalanceOrdersResult;
}

const placeBalanceOrdersIR: any = {"usedParamSet":{"jobName":true,"lineOrders":true,"lineProductIds":true,"lineQtys":true,"userIds":true,"currency":true,"expireInSeconds":true,"keepUntil":true,"retryLimit":true,"retryBackoff":true,"retryDelay":true},"params":[{"name":"jobName","required":true,"transform":{"type":"scalar"},"locs":[{"a":2383,"b":2391}]},{"name":"lineOrders","required":true,"transform":{"type":"scalar"},"locs":[{"a":2470,"b":2481}]},{"name":"lineProductIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":2492,"b":2507}]},{"name":"lineQtys","required":true,"transform":{"type":"scalar"},"locs":[{"a":2518,"b":2527}]},{"name":"userIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":3262,"b":3270}]},{"name":"currency","required":true,"transform":{"type":"scalar"},"locs":[{"a":4838,"b":4847}]},{"name":"expireInSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":5789,"b":5805}]},{"name":"keepUntil","required":true,"transform":{"type":"scalar"},"locs":[{"a":5899,"b":5909}]},{"name":"retryLimit","required":true,"transform":{"type":"scalar"},"locs":[{"a":5950,"b":5961}]},{"name":"retryBackoff","required":true,"transform":{"type":"scalar"},"locs":[{"a":6030,"b":6043},{"a":6215,"b":6228}]},{"name":"retryDelay","required":true,"transform":{"type":"scalar"},"locs":[{"a":6090,"b":6101},{"a":6156,"b":6167}]}],"statement":"-- Places a set of balance orders in one statement, so in one round trip and one transaction of its\n-- own (or the caller's): prices them, debits their users, writes the orders paid with their lines,\n-- and enqueues their confirmation e-mails. Three features' writes in one statement, each by\n-- its owner's rules (docs/DECISIONS.md, \"A set of balance orders is one statement\"):\n--   * pricing as PriceOrders: the lines arrive as parallel arrays (the order's place in the set,\n--     the product, the quantity), the live products among them are read FOR SHARE in id order,\n--     and an order with a line whose product is missing or deleted is not placed;\n--   * the debits as the balance feature makes them: the payers' rows are locked in id order (FOR\n--     NO KEY UPDATE, the lock the UPDATE takes anyway), a user's orders are judged one after\n--     another in the set's order, each on what the earlier ones left; the first one the balance\n--     does not cover is refused (with the balance it was judged on) and the user's later ones are\n--     not judged (the caller places them again); each user's row is updated once, conditionally,\n--     by the sum of its orders that go through, and each of those gets its ledger row\n--     (`order_debit`, reference `order:<id>`: OrderService's orderReference);\n--   * one job for the set's confirmations, of the task the caller names (order_confirmations,\n--     whose run enqueues each order's e-mail), as InsertJobs writes a job (platform/jobs/\n--     queries.sql; the caller passes the task's settings): its payload the placed orders, each\n--     with its user, in the set's order; none when no order was placed.\n-- When the jobs' queue does not exist yet, nothing is judged, so nothing is written, and\n-- queue_found is false: the caller creates the queue and runs the statement again.\n-- One row per order, in the set's order (position, 1-based): the id reserved for it, its priced\n-- lines as PriceOrders returns them, its total; `judged` and the balance judged on (no payer row:\n-- NULL, an unknown user); when it was placed, the order row with its owner's e-mail; and whether\n-- the set's job was written (a job that may start now: idle workers are to be woken).\nWITH queue AS (\n  SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter\n    FROM pgboss.queue\n   WHERE name = :jobName!\n), line AS (\n  SELECT l.ord, l.product_id, l.qty, l.position\n    FROM unnest(:lineOrders!::int4[], :lineProductIds!::int8[], :lineQtys!::int4[]) WITH ORDINALITY AS l(ord, product_id, qty, position)\n), priced AS MATERIALIZED (\n  SELECT id, name, price_cents\n    FROM products\n   WHERE id IN (SELECT product_id FROM line) AND deleted_at IS NULL\n   ORDER BY id\n     FOR SHARE\n), wanted AS MATERIALIZED (\n  SELECT o.ord, o.user_id,\n         nextval(pg_get_serial_sequence('orders', 'id')) AS id,\n         COALESCE(json_agg(json_build_array(l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty) ORDER BY l.position)\n                    FILTER (WHERE p.id IS NOT NULL), '[]'::json) AS items,\n         COALESCE(sum(p.price_cents * l.qty), 0)::int8 AS total_cents,\n         count(l.product_id) > 0 AND count(p.id) = count(l.product_id) AS complete\n    FROM unnest(:userIds!::int8[]) WITH ORDINALITY AS o(user_id, ord)\n    LEFT JOIN line l ON l.ord = o.ord\n    LEFT JOIN priced p ON p.id = l.product_id\n   GROUP BY o.ord, o.user_id\n), change AS (\n  SELECT w.*, sum(w.total_cents) OVER (PARTITION BY w.user_id ORDER BY w.ord) AS running_cents\n    FROM wanted w\n   WHERE w.complete\n), payer AS MATERIALIZED (\n  SELECT u.id, u.balance_cents, u.email\n    FROM users u\n   WHERE u.id IN (SELECT user_id FROM change) AND EXISTS (SELECT 1 FROM queue)\n   ORDER BY u.id\n     FOR NO KEY UPDATE\n), judged AS MATERIALIZED (\n  SELECT c.*, p.balance_cents AS found_cents, p.email, c.running_cents <= p.balance_cents AS covered,\n         lag(c.running_cents <= p.balance_cents, 1, true) OVER (PARTITION BY c.user_id ORDER BY c.ord) AS reached\n    FROM change c\n    JOIN payer p ON p.id = c.user_id\n), debited AS (\n  UPDATE users u\n     SET balance_cents = u.balance_cents - t.total_cents\n    FROM (SELECT user_id, sum(total_cents) AS total_cents FROM judged WHERE covered GROUP BY user_id) t\n   WHERE u.id = t.user_id\n     AND u.balance_cents >= t.total_cents\n  RETURNING u.id\n), paid AS MATERIALIZED (\n  SELECT j.*\n    FROM judged j\n    JOIN debited d ON d.id = j.user_id\n   WHERE j.covered\n), ledger AS (\n  INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)\n  SELECT user_id, -total_cents, 'order_debit', 'order:' || id\n    FROM paid\n   ORDER BY ord\n), inserted AS (\n  INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, paid_at)\n  OVERRIDING SYSTEM VALUE\n  SELECT id, user_id, 'paid', 'balance', total_cents, :currency!::text, now()\n    FROM paid\n   ORDER BY id\n  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at\n), written AS (\n  INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)\n  SELECT pd.id, l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty\n    FROM paid pd\n    JOIN line l ON l.ord = pd.ord\n    JOIN priced p ON p.id = l.product_id\n   ORDER BY l.position\n), jobs AS (\n  INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,\n                          expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)\n  SELECT gen_random_uuid(), q.name, jsonb_build_object('orders', (SELECT jsonb_agg(jsonb_build_object('id', id, 'user_id', user_id) ORDER BY ord) FROM paid)),\n         0, now(), NULL, NULL, q.dead_letter,\n         COALESCE(q.expire_seconds * interval '1s', :expireInSeconds!::numeric * interval '1s'),\n         now() + CAST(COALESCE((q.retention_minutes * 60)::text, :keepUntil!::text) AS interval),\n         COALESCE(:retryLimit!::int, q.retry_limit),\n         CASE WHEN COALESCE(q.retry_backoff, :retryBackoff!::bool) THEN GREATEST(COALESCE(q.retry_delay, :retryDelay!::int), 1)\n              ELSE COALESCE(q.retry_delay, :retryDelay!::int) END,\n         COALESCE(q.retry_backoff, :retryBackoff!::bool), q.policy\n    FROM queue q\n   WHERE EXISTS (SELECT 1 FROM paid)\n  RETURNING id\n)\nSELECT w.ord AS \"position!\", w.id AS \"id!\", w.items AS \"items!\", w.total_cents AS \"total_cents!\",\n       j.reached AS \"judged?\", (j.found_cents - j.running_cents + j.total_cents)::int8 AS \"balance_cents?\",\n       i.user_id AS \"user_id?\", j.email AS \"user_email?\", i.status AS \"status?\", i.payment_method AS \"payment_method?\",\n       i.currency AS \"currency?\", i.created_at AS \"created_at?\", i.paid_at AS \"paid_at?\", i.cancelled_at AS \"cancelled_at?\",\n       EXISTS (SELECT 1 FROM queue) AS \"queue_found!\",\n       EXISTS (SELECT 1 FROM jobs) AS \"job_written!\"\n  FROM wanted w\n  LEFT JOIN judged j ON j.ord = w.ord\n  LEFT JOIN inserted i ON i.id = w.id\n ORDER BY w.ord"};

/**
 * Query generated from SQL:
 * ```
 * -- Places a set of balance orders in one statement, so in one round trip and one transaction of its
 * -- own (or the caller's): prices them, debits their users, writes the orders paid with their lines,
 * -- and enqueues their confirmation e-mails. Three features' writes in one statement, each by
 * -- its owner's rules (docs/DECISIONS.md, "A set of balance orders is one statement"):
 * --   * pricing as PriceOrders: the lines arrive as parallel arrays (the order's place in the set,
 * --     the product, the quantity), the live products among them are read FOR SHARE in id order,
 * --     and an order with a line whose product is missing or deleted is not placed;
 * --   * the debits as the balance feature makes them: the payers' rows are locked in id order (FOR
 * --     NO KEY UPDATE, the lock the UPDATE takes anyway), a user's orders are judged one after
 * --     another in the set's order, each on what the earlier ones left; the first one the balance
 * --     does not cover is refused (with the balance it was judged on) and the user's later ones are
 * --     not judged (the caller places them again); each user's row is updated once, conditionally,
 * --     by the sum of its orders that go through, and each of those gets its ledger row
 * --     (`order_debit`, reference `order:<id>`: OrderService's orderReference);
 * --   * one job for the set's confirmations, of the task the caller names (order_confirmations,
 * --     whose run enqueues each order's e-mail), as InsertJobs writes a job (platform/jobs/
 * --     queries.sql; the caller passes the task's settings): its payload the placed orders, each
 * --     with its user, in the set's order; none when no order was placed.
 * -- When the jobs' queue does not exist yet, nothing is judged, so nothing is written, and
 * -- queue_found is false: the caller creates the queue and runs the statement again.
 * -- One row per order, in the set's order (position, 1-based): the id reserved for it, its priced
 * -- lines as PriceOrders returns them, its total; `judged` and the balance judged on (no payer row:
 * -- NULL, an unknown user); when it was placed, the order row with its owner's e-mail; and whether
 * -- the set's job was written (a job that may start now: idle workers are to be woken).
 * WITH queue AS (
 *   SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter
 *     FROM pgboss.queue
 *    WHERE name = :jobName!
 * ), line AS (
 *   SELECT l.ord, l.product_id, l.qty, l.position
 *     FROM unnest(:lineOrders!::int4[], :lineProductIds!::int8[], :lineQtys!::int4[]) WITH ORDINALITY AS l(ord, product_id, qty, position)
 * ), priced AS MATERIALIZED (
 *   SELECT id, name, price_cents
 *     FROM products
 *    WHERE id IN (SELECT product_id FROM line) AND deleted_at IS NULL
 *    ORDER BY id
 *      FOR SHARE
 * ), wanted AS MATERIALIZED (
 *   SELECT o.ord, o.user_id,
 *          nextval(pg_get_serial_sequence('orders', 'id')) AS id,
 *          COALESCE(json_agg(json_build_array(l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty) ORDER BY l.position)
 *                     FILTER (WHERE p.id IS NOT NULL), '[]'::json) AS items,
 *          COALESCE(sum(p.price_cents * l.qty), 0)::int8 AS total_cents,
 *          count(l.product_id) > 0 AND count(p.id) = count(l.product_id) AS complete
 *     FROM unnest(:userIds!::int8[]) WITH ORDINALITY AS o(user_id, ord)
 *     LEFT JOIN line l ON l.ord = o.ord
 *     LEFT JOIN priced p ON p.id = l.product_id
 *    GROUP BY o.ord, o.user_id
 * ), change AS (
 *   SELECT w.*, sum(w.total_cents) OVER (PARTITION BY w.user_id ORDER BY w.ord) AS running_cents
 *     FROM wanted w
 *    WHERE w.complete
 * ), payer AS MATERIALIZED (
 *   SELECT u.id, u.balance_cents, u.email
 *     FROM users u
 *    WHERE u.id IN (SELECT user_id FROM change) AND EXISTS (SELECT 1 FROM queue)
 *    ORDER BY u.id
 *      FOR NO KEY UPDATE
 * ), judged AS MATERIALIZED (
 *   SELECT c.*, p.balance_cents AS found_cents, p.email, c.running_cents <= p.balance_cents AS covered,
 *          lag(c.running_cents <= p.balance_cents, 1, true) OVER (PARTITION BY c.user_id ORDER BY c.ord) AS reached
 *     FROM change c
 *     JOIN payer p ON p.id = c.user_id
 * ), debited AS (
 *   UPDATE users u
 *      SET balance_cents = u.balance_cents - t.total_cents
 *     FROM (SELECT user_id, sum(total_cents) AS total_cents FROM judged WHERE covered GROUP BY user_id) t
 *    WHERE u.id = t.user_id
 *      AND u.balance_cents >= t.total_cents
 *   RETURNING u.id
 * ), paid AS MATERIALIZED (
 *   SELECT j.*
 *     FROM judged j
 *     JOIN debited d ON d.id = j.user_id
 *    WHERE j.covered
 * ), ledger AS (
 *   INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)
 *   SELECT user_id, -total_cents, 'order_debit', 'order:' || id
 *     FROM paid
 *    ORDER BY ord
 * ), inserted AS (
 *   INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, paid_at)
 *   OVERRIDING SYSTEM VALUE
 *   SELECT id, user_id, 'paid', 'balance', total_cents, :currency!::text, now()
 *     FROM paid
 *    ORDER BY id
 *   RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
 * ), written AS (
 *   INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)
 *   SELECT pd.id, l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty
 *     FROM paid pd
 *     JOIN line l ON l.ord = pd.ord
 *     JOIN priced p ON p.id = l.product_id
 *    ORDER BY l.position
 * ), jobs AS (
 *   INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,
 *                           expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
 *   SELECT gen_random_uuid(), q.name, jsonb_build_object('orders', (SELECT jsonb_agg(jsonb_build_object('id', id, 'user_id', user_id) ORDER BY ord) FROM paid)),
 *          0, now(), NULL, NULL, q.dead_letter,
 *          COALESCE(q.expire_seconds * interval '1s', :expireInSeconds!::numeric * interval '1s'),
 *          now() + CAST(COALESCE((q.retention_minutes * 60)::text, :keepUntil!::text) AS interval),
 *          COALESCE(:retryLimit!::int, q.retry_limit),
 *          CASE WHEN COALESCE(q.retry_backoff, :retryBackoff!::bool) THEN GREATEST(COALESCE(q.retry_delay, :retryDelay!::int), 1)
 *               ELSE COALESCE(q.retry_delay, :retryDelay!::int) END,
 *          COALESCE(q.retry_backoff, :retryBackoff!::bool), q.policy
 *     FROM queue q
 *    WHERE EXISTS (SELECT 1 FROM paid)
 *   RETURNING id
 * )
 * SELECT w.ord AS "position!", w.id AS "id!", w.items AS "items!", w.total_cents AS "total_cents!",
 *        j.reached AS "judged?", (j.found_cents - j.running_cents + j.total_cents)::int8 AS "balance_cents?",
 *        i.user_id AS "user_id?", j.email AS "user_email?", i.status AS "status?", i.payment_method AS "payment_method?",
 *        i.currency AS "currency?", i.created_at AS "created_at?", i.paid_at AS "paid_at?", i.cancelled_at AS "cancelled_at?",
 *        EXISTS (SELECT 1 FROM queue) AS "queue_found!",
 *        EXISTS (SELECT 1 FROM jobs) AS "job_written!"
 *   FROM wanted w
 *   LEFT JOIN judged j ON j.ord = w.ord
 *   LEFT JOIN inserted i ON i.id = w.id
 *  ORDER BY w.ord
 * ```
 */
export const placeBalanceOrders = new PreparedQuery<IPlaceBalanceOrdersParams,IPlaceBalanceOrdersResult>(placeBalanceOrdersIR);


/** 'GetOrderForUser' parameters type */
export interface IGetOrderForUserParams {
  id: number;
  userId: number;
}

/** 'GetOrderForUser' return type */
export interface IGetOrderForUserResult {
  cancelled_at: Date | null;
  created_at: Date;
  currency: string;
  id: number;
  paid_at: Date | null;
  payment_method: string;
  status: string;
  total_cents: number;
  user_email: string;
  user_id: number;
}

/** 'GetOrderForUser' query type */
export interface IGetOrderForUserQuery {
  params: IGetOrderForUserParams;
  result: IGetOrderForUserResult;
}

const getOrderForUserIR: any = {"usedParamSet":{"id":true,"userId":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":294,"b":297}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":315,"b":322}]}],"statement":"-- Owner-scoped: someone else's order is not found, exactly like a missing one.\nSELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,\n       o.created_at, o.paid_at, o.cancelled_at\n  FROM orders o\n  JOIN users u ON u.id = o.user_id\n WHERE o.id = :id! AND o.user_id = :userId!"};

/**
 * Query generated from SQL:
 * ```
 * -- Owner-scoped: someone else's order is not found, exactly like a missing one.
 * SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
 *        o.created_at, o.paid_at, o.cancelled_at
 *   FROM orders o
 *   JOIN users u ON u.id = o.user_id
 *  WHERE o.id = :id! AND o.user_id = :userId!
 * ```
 */
export const getOrderForUser = new PreparedQuery<IGetOrderForUserParams,IGetOrderForUserResult>(getOrderForUserIR);


/** 'ListOrdersForUser' parameters type */
export interface IListOrdersForUserParams {
  beforeId: number;
  limit: number;
  userId: number;
}

/** 'ListOrdersForUser' return type */
export interface IListOrdersForUserResult {
  cancelled_at: Date | null;
  created_at: Date;
  currency: string;
  id: number;
  items: Json;
  orders_version: number;
  paid_at: Date | null;
  payment_method: string;
  status: string;
  total_cents: number;
  user_email: string;
  user_id: number;
}

/** 'ListOrdersForUser' query type */
export interface IListOrdersForUserQuery {
  params: IListOrdersForUserParams;
  result: IListOrdersForUserResult;
}

const listOrdersForUserIR: any = {"usedParamSet":{"userId":true,"beforeId":true,"limit":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":1235,"b":1242}]},{"name":"beforeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":1258,"b":1267}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1302,"b":1308}]}],"statement":"-- Keyset page on id DESC, any status, read through orders_user_idx. The first page passes the\n-- largest int8 as beforeId, so the statement has no optional filter and stays a named prepared\n-- statement whose generic plan is the one wanted (no planning per page). The user's e-mail and\n-- orders_version (what a cached copy of the page is checked against: GetOrdersVersion) come from\n-- the join. Each order's lines come with it, in insertion order, as one JSON array of\n-- [product_id, product_name, unit_price_cents, qty, line_total_cents] arrays: an index probe of\n-- order_items_order_idx per order inside this one statement, so a page is one round trip and\n-- 50 short JSON texts to parse instead of a second statement and 150 rows to decode.\nSELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,\n       o.created_at, o.paid_at, o.cancelled_at, u.orders_version,\n       COALESCE((SELECT json_agg(json_build_array(i.product_id, i.product_name, i.unit_price_cents, i.qty, i.line_total_cents) ORDER BY i.id)\n                   FROM order_items i\n                  WHERE i.order_id = o.id), '[]'::json) AS \"items!\"\n  FROM orders o\n  JOIN users u ON u.id = o.user_id\n WHERE o.user_id = :userId!\n   AND o.id < :beforeId!::int8\n ORDER BY o.id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- Keyset page on id DESC, any status, read through orders_user_idx. The first page passes the
 * -- largest int8 as beforeId, so the statement has no optional filter and stays a named prepared
 * -- statement whose generic plan is the one wanted (no planning per page). The user's e-mail and
 * -- orders_version (what a cached copy of the page is checked against: GetOrdersVersion) come from
 * -- the join. Each order's lines come with it, in insertion order, as one JSON array of
 * -- [product_id, product_name, unit_price_cents, qty, line_total_cents] arrays: an index probe of
 * -- order_items_order_idx per order inside this one statement, so a page is one round trip and
 * -- 50 short JSON texts to parse instead of a second statement and 150 rows to decode.
 * SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
 *        o.created_at, o.paid_at, o.cancelled_at, u.orders_version,
 *        COALESCE((SELECT json_agg(json_build_array(i.product_id, i.product_name, i.unit_price_cents, i.qty, i.line_total_cents) ORDER BY i.id)
 *                    FROM order_items i
 *                   WHERE i.order_id = o.id), '[]'::json) AS "items!"
 *   FROM orders o
 *   JOIN users u ON u.id = o.user_id
 *  WHERE o.user_id = :userId!
 *    AND o.id < :beforeId!::int8
 *  ORDER BY o.id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listOrdersForUser = new PreparedQuery<IListOrdersForUserParams,IListOrdersForUserResult>(listOrdersForUserIR);


/** 'GetOrdersVersion' parameters type */
export interface IGetOrdersVersionParams {
  userId: number;
}

/** 'GetOrdersVersion' return type */
export interface IGetOrdersVersionResult {
  orders_version: number;
}

/** 'GetOrdersVersion' query type */
export interface IGetOrdersVersionQuery {
  params: IGetOrdersVersionParams;
  result: IGetOrdersVersionResult;
}

const getOrdersVersionIR: any = {"usedParamSet":{"userId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":309,"b":316}]}],"statement":"-- What a cached orders page of the user was rendered at must still equal this for the page to be\n-- sent again (migration 0015 bumps it with any change to the user's orders, their lines or the\n-- user's e-mail). One primary-key lookup; no row for an unknown user.\nSELECT orders_version FROM users WHERE id = :userId!"};

/**
 * Query generated from SQL:
 * ```
 * -- What a cached orders page of the user was rendered at must still equal this for the page to be
 * -- sent again (migration 0015 bumps it with any change to the user's orders, their lines or the
 * -- user's e-mail). One primary-key lookup; no row for an unknown user.
 * SELECT orders_version FROM users WHERE id = :userId!
 * ```
 */
export const getOrdersVersion = new PreparedQuery<IGetOrdersVersionParams,IGetOrdersVersionResult>(getOrdersVersionIR);


/** 'ListOrdersForUserWithStatus' parameters type */
export interface IListOrdersForUserWithStatusParams {
  beforeId: number;
  limit: number;
  status: string;
  userId: number;
}

/** 'ListOrdersForUserWithStatus' return type */
export interface IListOrdersForUserWithStatusResult {
  cancelled_at: Date | null;
  created_at: Date;
  currency: string;
  id: number;
  items: Json;
  orders_version: number;
  paid_at: Date | null;
  payment_method: string;
  status: string;
  total_cents: number;
  user_email: string;
  user_id: number;
}

/** 'ListOrdersForUserWithStatus' query type */
export interface IListOrdersForUserWithStatusQuery {
  params: IListOrdersForUserWithStatusParams;
  result: IListOrdersForUserWithStatusResult;
}

const listOrdersForUserWithStatusIR: any = {"usedParamSet":{"userId":true,"status":true,"beforeId":true,"limit":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":560,"b":567}]},{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":587,"b":594}]},{"name":"beforeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":616,"b":625}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":660,"b":666}]}],"statement":"-- ListOrdersForUser for one status, read through orders_user_status_idx.\nSELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,\n       o.created_at, o.paid_at, o.cancelled_at, u.orders_version,\n       COALESCE((SELECT json_agg(json_build_array(i.product_id, i.product_name, i.unit_price_cents, i.qty, i.line_total_cents) ORDER BY i.id)\n                   FROM order_items i\n                  WHERE i.order_id = o.id), '[]'::json) AS \"items!\"\n  FROM orders o\n  JOIN users u ON u.id = o.user_id\n WHERE o.user_id = :userId!\n   AND o.status = :status!::text\n   AND o.id < :beforeId!::int8\n ORDER BY o.id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ListOrdersForUser for one status, read through orders_user_status_idx.
 * SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
 *        o.created_at, o.paid_at, o.cancelled_at, u.orders_version,
 *        COALESCE((SELECT json_agg(json_build_array(i.product_id, i.product_name, i.unit_price_cents, i.qty, i.line_total_cents) ORDER BY i.id)
 *                    FROM order_items i
 *                   WHERE i.order_id = o.id), '[]'::json) AS "items!"
 *   FROM orders o
 *   JOIN users u ON u.id = o.user_id
 *  WHERE o.user_id = :userId!
 *    AND o.status = :status!::text
 *    AND o.id < :beforeId!::int8
 *  ORDER BY o.id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listOrdersForUserWithStatus = new PreparedQuery<IListOrdersForUserWithStatusParams,IListOrdersForUserWithStatusResult>(listOrdersForUserWithStatusIR);


/** 'ListOrderItemsByOrderIds' parameters type */
export interface IListOrderItemsByOrderIdsParams {
  orderIds: numberArray;
}

/** 'ListOrderItemsByOrderIds' return type */
export interface IListOrderItemsByOrderIdsResult {
  line_total_cents: number;
  order_id: number;
  product_id: number;
  product_name: string;
  qty: number;
  unit_price_cents: number;
}

/** 'ListOrderItemsByOrderIds' query type */
export interface IListOrderItemsByOrderIdsQuery {
  params: IListOrderItemsByOrderIdsParams;
  result: IListOrderItemsByOrderIdsResult;
}

const listOrderItemsByOrderIdsIR: any = {"usedParamSet":{"orderIds":true},"params":[{"name":"orderIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":305,"b":314}]}],"statement":"-- The lines of many orders at once (a page of them): one array parameter, never a statement per\n-- order. Read through order_items_order_idx, in insertion order within each order.\nSELECT order_id, product_id, product_name, unit_price_cents, qty, line_total_cents\n  FROM order_items\n WHERE order_id = ANY(:orderIds!::int8[])\n ORDER BY order_id, id"};

/**
 * Query generated from SQL:
 * ```
 * -- The lines of many orders at once (a page of them): one array parameter, never a statement per
 * -- order. Read through order_items_order_idx, in insertion order within each order.
 * SELECT order_id, product_id, product_name, unit_price_cents, qty, line_total_cents
 *   FROM order_items
 *  WHERE order_id = ANY(:orderIds!::int8[])
 *  ORDER BY order_id, id
 * ```
 */
export const listOrderItemsByOrderIds = new PreparedQuery<IListOrderItemsByOrderIdsParams,IListOrderItemsByOrderIdsResult>(listOrderItemsByOrderIdsIR);


/** 'CancelOrderForUser' parameters type */
export interface ICancelOrderForUserParams {
  fromStatuses: stringArray;
  id: number;
  userId: number;
}

/** 'CancelOrderForUser' return type */
export interface ICancelOrderForUserResult {
  cancelled: boolean;
  cancelled_at: Date | null;
  created_at: Date;
  currency: string;
  id: number;
  paid_at: Date | null;
  payment_method: string;
  status: string;
  total_cents: number;
  user_email: string;
  user_id: number;
}

/** 'CancelOrderForUser' query type */
export interface ICancelOrderForUserQuery {
  params: ICancelOrderForUserParams;
  result: ICancelOrderForUserResult;
}

const cancelOrderForUserIR: any = {"usedParamSet":{"id":true,"userId":true,"fromStatuses":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":690,"b":693},{"a":1426,"b":1429}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":709,"b":716},{"a":1447,"b":1454}]},{"name":"fromStatuses","required":true,"transform":{"type":"scalar"},"locs":[{"a":735,"b":748}]}],"statement":"-- One conditional UPDATE decides the cancellation: it applies only while the order is in one of\n-- fromStatuses, so of two concurrent cancels exactly one wins (the other waits for the row lock,\n-- then re-checks the status and matches nothing). When it changes nothing, the second branch\n-- returns the order as this statement's snapshot saw it (cancelled = false): a row means 409, no\n-- row means 404. paid_at is kept, so the caller can tell a paid order (to refund) from a pending one.\n-- (\"x!\" aliases tell pgtyped the columns are NOT NULL, which it cannot infer through UNION ALL.)\nWITH cancelled AS (\n  UPDATE orders\n     SET status = 'cancelled', cancelled_at = now()\n   WHERE id = :id! AND user_id = :userId! AND status = ANY(:fromStatuses!::text[])\n  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at\n)\nSELECT c.id AS \"id!\", c.user_id AS \"user_id!\", u.email AS \"user_email!\", c.status AS \"status!\",\n       c.payment_method AS \"payment_method!\", c.total_cents AS \"total_cents!\", c.currency AS \"currency!\",\n       c.created_at AS \"created_at!\", c.paid_at, c.cancelled_at, true AS \"cancelled!\"\n  FROM cancelled c\n  JOIN users u ON u.id = c.user_id\nUNION ALL\nSELECT o.id, o.user_id, u.email, o.status, o.payment_method, o.total_cents, o.currency,\n       o.created_at, o.paid_at, o.cancelled_at, false\n  FROM orders o\n  JOIN users u ON u.id = o.user_id\n WHERE o.id = :id! AND o.user_id = :userId!\n   AND NOT EXISTS (SELECT 1 FROM cancelled)"};

/**
 * Query generated from SQL:
 * ```
 * -- One conditional UPDATE decides the cancellation: it applies only while the order is in one of
 * -- fromStatuses, so of two concurrent cancels exactly one wins (the other waits for the row lock,
 * -- then re-checks the status and matches nothing). When it changes nothing, the second branch
 * -- returns the order as this statement's snapshot saw it (cancelled = false): a row means 409, no
 * -- row means 404. paid_at is kept, so the caller can tell a paid order (to refund) from a pending one.
 * -- ("x!" aliases tell pgtyped the columns are NOT NULL, which it cannot infer through UNION ALL.)
 * WITH cancelled AS (
 *   UPDATE orders
 *      SET status = 'cancelled', cancelled_at = now()
 *    WHERE id = :id! AND user_id = :userId! AND status = ANY(:fromStatuses!::text[])
 *   RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
 * )
 * SELECT c.id AS "id!", c.user_id AS "user_id!", u.email AS "user_email!", c.status AS "status!",
 *        c.payment_method AS "payment_method!", c.total_cents AS "total_cents!", c.currency AS "currency!",
 *        c.created_at AS "created_at!", c.paid_at, c.cancelled_at, true AS "cancelled!"
 *   FROM cancelled c
 *   JOIN users u ON u.id = c.user_id
 * UNION ALL
 * SELECT o.id, o.user_id, u.email, o.status, o.payment_method, o.total_cents, o.currency,
 *        o.created_at, o.paid_at, o.cancelled_at, false
 *   FROM orders o
 *   JOIN users u ON u.id = o.user_id
 *  WHERE o.id = :id! AND o.user_id = :userId!
 *    AND NOT EXISTS (SELECT 1 FROM cancelled)
 * ```
 */
export const cancelOrderForUser = new PreparedQuery<ICancelOrderForUserParams,ICancelOrderForUserResult>(cancelOrderForUserIR);


/** 'GetOrderForNotification' parameters type */
export interface IGetOrderForNotificationParams {
  id: number;
}

/** 'GetOrderForNotification' return type */
export interface IGetOrderForNotificationResult {
  cancelled_at: Date | null;
  created_at: Date;
  currency: string;
  id: number;
  paid_at: Date | null;
  payment_method: string;
  status: string;
  total_cents: number;
  user_email: string;
  user_id: number;
}

/** 'GetOrderForNotification' query type */
export interface IGetOrderForNotificationQuery {
  params: IGetOrderForNotificationParams;
  result: IGetOrderForNotificationResult;
}

const getOrderForNotificationIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":404,"b":407}]}],"statement":"-- Not owner-scoped: for e-mails about an order (confirmation, payment failed), sent by background\n-- jobs that act for the system, never for a request. The recipient is the owner's e-mail.\nSELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,\n       o.created_at, o.paid_at, o.cancelled_at\n  FROM orders o\n  JOIN users u ON u.id = o.user_id\n WHERE o.id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- Not owner-scoped: for e-mails about an order (confirmation, payment failed), sent by background
 * -- jobs that act for the system, never for a request. The recipient is the owner's e-mail.
 * SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
 *        o.created_at, o.paid_at, o.cancelled_at
 *   FROM orders o
 *   JOIN users u ON u.id = o.user_id
 *  WHERE o.id = :id!
 * ```
 */
export const getOrderForNotification = new PreparedQuery<IGetOrderForNotificationParams,IGetOrderForNotificationResult>(getOrderForNotificationIR);


/** 'GetOrderPaymentState' parameters type */
export interface IGetOrderPaymentStateParams {
  id: number;
}

/** 'GetOrderPaymentState' return type */
export interface IGetOrderPaymentStateResult {
  currency: string;
  gateway_charge_id: string | null;
  gateway_refund_id: string | null;
  id: number;
  payment_method: string;
  status: string;
  total_cents: number;
  user_id: number;
}

/** 'GetOrderPaymentState' query type */
export interface IGetOrderPaymentStateQuery {
  params: IGetOrderPaymentStateParams;
  result: IGetOrderPaymentStateResult;
}

const getOrderPaymentStateIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":279,"b":282}]}],"statement":"-- What the payment jobs need to know of an order, by id alone: jobs act for no user (their payload\n-- is the order id their own transaction wrote).\nSELECT id, user_id, status, payment_method, total_cents, currency, gateway_charge_id, gateway_refund_id\n  FROM orders\n WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- What the payment jobs need to know of an order, by id alone: jobs act for no user (their payload
 * -- is the order id their own transaction wrote).
 * SELECT id, user_id, status, payment_method, total_cents, currency, gateway_charge_id, gateway_refund_id
 *   FROM orders
 *  WHERE id = :id!
 * ```
 */
export const getOrderPaymentState = new PreparedQuery<IGetOrderPaymentStateParams,IGetOrderPaymentStateResult>(getOrderPaymentStateIR);


/** 'RecordCardCharge' parameters type */
export interface IRecordCardChargeParams {
  chargeId: string;
  id: number;
}

/** 'RecordCardCharge' return type */
export interface IRecordCardChargeResult {
  gateway_charge_id: string;
  previous_status: string;
  status: string;
}

/** 'RecordCardCharge' query type */
export interface IRecordCardChargeQuery {
  params: IRecordCardChargeParams;
  result: IRecordCardChargeResult;
}

const recordCardChargeIR: any = {"usedParamSet":{"id":true,"chargeId":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":630,"b":633}]},{"name":"chargeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":911,"b":920}]}],"statement":"-- A gateway charge for a card order came back. One statement decides, under the row lock: a\n-- `pending` order becomes `paid` (paid_at now) with the charge; any other keeps its status and\n-- only remembers the charge (a `cancelled` or `payment_failed` order then needs it refunded). The\n-- first charge id stays: an order has one idempotency key, so one charge. previous_status is the\n-- status the lock saw, i.e. after any concurrent cancel committed (READ COMMITTED re-reads the\n-- locked row), so a cancel and a charge can never both believe they won.\nWITH current_order AS (\n  SELECT id, status\n    FROM orders\n   WHERE id = :id! AND payment_method = 'card'\n     FOR UPDATE\n)\nUPDATE orders o\n   SET status = CASE WHEN c.status = 'pending' THEN 'paid' ELSE o.status END,\n       paid_at = CASE WHEN c.status = 'pending' THEN now() ELSE o.paid_at END,\n       gateway_charge_id = coalesce(o.gateway_charge_id, :chargeId!::text)\n  FROM current_order c\n WHERE o.id = c.id\nRETURNING c.status AS previous_status, o.status, o.gateway_charge_id AS \"gateway_charge_id!\""};

/**
 * Query generated from SQL:
 * ```
 * -- A gateway charge for a card order came back. One statement decides, under the row lock: a
 * -- `pending` order becomes `paid` (paid_at now) with the charge; any other keeps its status and
 * -- only remembers the charge (a `cancelled` or `payment_failed` order then needs it refunded). The
 * -- first charge id stays: an order has one idempotency key, so one charge. previous_status is the
 * -- status the lock saw, i.e. after any concurrent cancel committed (READ COMMITTED re-reads the
 * -- locked row), so a cancel and a charge can never both believe they won.
 * WITH current_order AS (
 *   SELECT id, status
 *     FROM orders
 *    WHERE id = :id! AND payment_method = 'card'
 *      FOR UPDATE
 * )
 * UPDATE orders o
 *    SET status = CASE WHEN c.status = 'pending' THEN 'paid' ELSE o.status END,
 *        paid_at = CASE WHEN c.status = 'pending' THEN now() ELSE o.paid_at END,
 *        gateway_charge_id = coalesce(o.gateway_charge_id, :chargeId!::text)
 *   FROM current_order c
 *  WHERE o.id = c.id
 * RETURNING c.status AS previous_status, o.status, o.gateway_charge_id AS "gateway_charge_id!"
 * ```
 */
export const recordCardCharge = new PreparedQuery<IRecordCardChargeParams,IRecordCardChargeResult>(recordCardChargeIR);


/** 'MarkCardOrderPaymentFailed' parameters type */
export interface IMarkCardOrderPaymentFailedParams {
  id: number;
}

/** 'MarkCardOrderPaymentFailed' return type */
export interface IMarkCardOrderPaymentFailedResult {
  failed: boolean;
  gateway_refund_id: string | null;
  status: string;
}

/** 'MarkCardOrderPaymentFailed' query type */
export interface IMarkCardOrderPaymentFailedQuery {
  params: IMarkCardOrderPaymentFailedParams;
  result: IMarkCardOrderPaymentFailedResult;
}

const markCardOrderPaymentFailedIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":454,"b":457},{"a":723,"b":726}]}],"statement":"-- The payment will not happen (last attempt failed, or the card was declined): only a\n-- still-pending card order becomes payment_failed (failed = true). Otherwise the second branch\n-- returns the order as it is (failed = false): paid, cancelled or already failed meanwhile. No\n-- row: no such card order. (\"x!\" aliases: pgtyped cannot infer NOT NULL through UNION ALL.)\nWITH failed AS (\n  UPDATE orders\n     SET status = 'payment_failed'\n   WHERE id = :id! AND payment_method = 'card' AND status = 'pending'\n  RETURNING id, status, gateway_refund_id\n)\nSELECT f.status AS \"status!\", f.gateway_refund_id, true AS \"failed!\"\n  FROM failed f\nUNION ALL\nSELECT o.status, o.gateway_refund_id, false\n  FROM orders o\n WHERE o.id = :id! AND o.payment_method = 'card'\n   AND NOT EXISTS (SELECT 1 FROM failed)"};

/**
 * Query generated from SQL:
 * ```
 * -- The payment will not happen (last attempt failed, or the card was declined): only a
 * -- still-pending card order becomes payment_failed (failed = true). Otherwise the second branch
 * -- returns the order as it is (failed = false): paid, cancelled or already failed meanwhile. No
 * -- row: no such card order. ("x!" aliases: pgtyped cannot infer NOT NULL through UNION ALL.)
 * WITH failed AS (
 *   UPDATE orders
 *      SET status = 'payment_failed'
 *    WHERE id = :id! AND payment_method = 'card' AND status = 'pending'
 *   RETURNING id, status, gateway_refund_id
 * )
 * SELECT f.status AS "status!", f.gateway_refund_id, true AS "failed!"
 *   FROM failed f
 * UNION ALL
 * SELECT o.status, o.gateway_refund_id, false
 *   FROM orders o
 *  WHERE o.id = :id! AND o.payment_method = 'card'
 *    AND NOT EXISTS (SELECT 1 FROM failed)
 * ```
 */
export const markCardOrderPaymentFailed = new PreparedQuery<IMarkCardOrderPaymentFailedParams,IMarkCardOrderPaymentFailedResult>(markCardOrderPaymentFailedIR);


/** 'RecordCardRefund' parameters type */
export interface IRecordCardRefundParams {
  chargeId: string;
  id: number;
  refundId: string;
}

/** 'RecordCardRefund' return type */
export interface IRecordCardRefundResult {
  id: number;
}

/** 'RecordCardRefund' query type */
export interface IRecordCardRefundQuery {
  params: IRecordCardRefundParams;
  result: IRecordCardRefundResult;
}

const recordCardRefundIR: any = {"usedParamSet":{"refundId":true,"chargeId":true,"id":true},"params":[{"name":"refundId","required":true,"transform":{"type":"scalar"},"locs":[{"a":296,"b":305}]},{"name":"chargeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":370,"b":379}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":400,"b":403}]}],"statement":"-- The gateway refunded an order that is not to be paid for (cancelled, or payment_failed with a\n-- stray charge). Keeps the first refund id; records the charge too when it was found at the\n-- gateway rather than on the order.\nUPDATE orders\n   SET gateway_refund_id = coalesce(gateway_refund_id, :refundId!::text),\n       gateway_charge_id = coalesce(gateway_charge_id, :chargeId!::text)\n WHERE id = :id! AND payment_method = 'card' AND status IN ('cancelled', 'payment_failed')\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- The gateway refunded an order that is not to be paid for (cancelled, or payment_failed with a
 * -- stray charge). Keeps the first refund id; records the charge too when it was found at the
 * -- gateway rather than on the order.
 * UPDATE orders
 *    SET gateway_refund_id = coalesce(gateway_refund_id, :refundId!::text),
 *        gateway_charge_id = coalesce(gateway_charge_id, :chargeId!::text)
 *  WHERE id = :id! AND payment_method = 'card' AND status IN ('cancelled', 'payment_failed')
 * RETURNING id
 * ```
 */
export const recordCardRefund = new PreparedQuery<IRecordCardRefundParams,IRecordCardRefundResult>(recordCardRefundIR);


/** 'CountOrdersForUserBetween' parameters type */
export interface ICountOrdersForUserBetweenParams {
  periodEnd: DateOrString;
  periodStart: DateOrString;
  userId: number;
}

/** 'CountOrdersForUserBetween' return type */
export interface ICountOrdersForUserBetweenResult {
  count: number;
}

/** 'CountOrdersForUserBetween' query type */
export interface ICountOrdersForUserBetweenQuery {
  params: ICountOrdersForUserBetweenParams;
  result: ICountOrdersForUserBetweenResult;
}

const countOrdersForUserBetweenIR: any = {"usedParamSet":{"userId":true,"periodStart":true,"periodEnd":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":191,"b":198}]},{"name":"periodStart","required":true,"transform":{"type":"scalar"},"locs":[{"a":221,"b":233}]},{"name":"periodEnd","required":true,"transform":{"type":"scalar"},"locs":[{"a":268,"b":278}]}],"statement":"-- Orders placed (created) in [periodStart, periodEnd), whatever their status now: a range scan of\n-- orders_user_created_idx.\nSELECT count(*)::int AS \"count!\"\n  FROM orders\n WHERE user_id = :userId!\n   AND created_at >= :periodStart!::timestamptz\n   AND created_at < :periodEnd!::timestamptz"};

/**
 * Query generated from SQL:
 * ```
 * -- Orders placed (created) in [periodStart, periodEnd), whatever their status now: a range scan of
 * -- orders_user_created_idx.
 * SELECT count(*)::int AS "count!"
 *   FROM orders
 *  WHERE user_id = :userId!
 *    AND created_at >= :periodStart!::timestamptz
 *    AND created_at < :periodEnd!::timestamptz
 * ```
 */
export const countOrdersForUserBetween = new PreparedQuery<ICountOrdersForUserBetweenParams,ICountOrdersForUserBetweenResult>(countOrdersForUserBetweenIR);


