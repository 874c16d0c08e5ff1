/* @name PriceOrders */
-- Prices a set of card orders from the catalog and reserves their ids, before anything is written
-- (balance orders are priced inside PlaceBalanceOrders, the same way). The lines arrive as three parallel arrays, so the statement text never depends on
-- their number: the order's place in the set (1 to :orders), the product (at most once per order)
-- and the quantity. The live products among them are read FOR SHARE, in id order (so two sets
-- never deadlock): a concurrent price change or delete waits until the orders' transaction ends,
-- so each order is priced as it is stored, and a product deleted while we waited for its lock is
-- left out. One row per order, in the set's order: a new id from the orders' sequence, the lines
-- whose product the catalog offers, in the order given, as one JSON array of [product_id,
-- product_name, unit_price_cents, qty, line_total_cents] arrays, and their total; a line whose
-- product is missing or deleted is left out, which is how the caller tells that the order cannot
-- be placed. Money is summed here, in int8, not in the caller. The orders' places come from an
-- array's unnest, not generate_series(1, :orders): a generic plan takes the series for 1,000 rows,
-- far more than a custom plan sees, so PostgreSQL planned the statement anew on every call (0.24
-- ms, against 0.01 for a generic plan, on the benchmark machine).
WITH line AS (
  SELECT l.ord, l.product_id, l.qty, l.position
    FROM unnest(:lineOrders!::int4[], :lineProductIds!::int8[], :lineQtys!::int4[]) WITH ORDINALITY AS l(ord, product_id, qty, position)
), priced AS MATERIALIZED (
  SELECT id, name, price_cents
    FROM products
   WHERE id IN (SELECT product_id FROM line) AND deleted_at IS NULL
   ORDER BY id
     FOR SHARE
)
SELECT o.ord AS "ord!", nextval(pg_get_serial_sequence('orders', 'id')) AS "id!",
       COALESCE(json_agg(json_build_array(l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty) ORDER BY l.position)
                  FILTER (WHERE p.id IS NOT NULL), '[]'::json) AS "items!",
       COALESCE(sum(p.price_cents * l.qty), 0)::int8 AS "total_cents!"
  FROM unnest(array_fill(NULL::int4, ARRAY[:orders!::int4])) WITH ORDINALITY AS o(unused, ord)
  LEFT JOIN line l ON l.ord = o.ord
  LEFT JOIN priced p ON p.id = l.product_id
 GROUP BY o.ord
 ORDER BY o.ord;

/* @name InsertOrders */
-- Writes a set of orders priced by PriceOrders in this transaction, under the ids it reserved,
-- with all their lines, in one statement. All of one status and payment method (card orders,
-- `pending`; a `paid` one is paid now). Lines arrive as parallel arrays
-- naming their order's id, in the order given; the names and prices are those PriceOrders read
-- FOR SHARE, so they are still the catalog's. The orders come back with their owner's e-mail.
WITH inserted AS (
  INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, paid_at)
  OVERRIDING SYSTEM VALUE
  SELECT o.id, o.user_id, :status!::text, :paymentMethod!::text, o.total_cents, :currency!::text,
         CASE WHEN :status!::text = 'paid' THEN now() END
    FROM unnest(:ids!::int8[], :userIds!::int8[], :totals!::int8[]) AS o(id, user_id, total_cents)
   ORDER BY o.id
  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
), written AS (
  INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)
  SELECT l.order_id, l.product_id, l.product_name, l.unit_price_cents, l.qty, l.unit_price_cents * l.qty
    FROM unnest(:lineOrderIds!::int8[], :lineProductIds!::int8[], :lineProductNames!::text[], :lineUnitPrices!::int8[], :lineQtys!::int4[])
           WITH ORDINALITY AS l(order_id, product_id, product_name, unit_price_cents, qty, position)
   ORDER BY l.position
)
SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at
  FROM inserted o
  JOIN users u ON u.id = o.user_id
 ORDER BY o.id;

/* @name PlaceBalanceOrders */
-- Places a set of balance orders in one statement, so in one round trip and one transaction of its
-- own (or the caller's): prices them, debits their users, writes the orders paid with their lines,
-- and enqueues their confirmation e-mails. Three features' writes in one statement, each by
-- its owner's rules (docs/DECISIONS.md, "A set of balance orders is one statement"):
--   * pricing as PriceOrders: the lines arrive as parallel arrays (the order's place in the set,
--     the product, the quantity), the live products among them are read FOR SHARE in id order,
--     and an order with a line whose product is missing or deleted is not placed;
--   * the debits as the balance feature makes them: the payers' rows are locked in id order (FOR
--     NO KEY UPDATE, the lock the UPDATE takes anyway), a user's orders are judged one after
--     another in the set's order, each on what the earlier ones left; the first one the balance
--     does not cover is refused (with the balance it was judged on) and the user's later ones are
--     not judged (the caller places them again); each user's row is updated once, conditionally,
--     by the sum of its orders that go through, and each of those gets its ledger row
--     (`order_debit`, reference `order:<id>`: OrderService's orderReference);
--   * one job for the set's confirmations, of the task the caller names (order_confirmations,
--     whose run enqueues each order's e-mail), as InsertJobs writes a job (platform/jobs/
--     queries.sql; the caller passes the task's settings): its payload the placed orders, each
--     with its user, in the set's order; none when no order was placed.
-- When the jobs' queue does not exist yet, nothing is judged, so nothing is written, and
-- queue_found is false: the caller creates the queue and runs the statement again.
-- One row per order, in the set's order (position, 1-based): the id reserved for it, its priced
-- lines as PriceOrders returns them, its total; `judged` and the balance judged on (no payer row:
-- NULL, an unknown user); when it was placed, the order row with its owner's e-mail; and whether
-- the set's job was written (a job that may start now: idle workers are to be woken).
WITH queue AS (
  SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter
    FROM pgboss.queue
   WHERE name = :jobName!
), line AS (
  SELECT l.ord, l.product_id, l.qty, l.position
    FROM unnest(:lineOrders!::int4[], :lineProductIds!::int8[], :lineQtys!::int4[]) WITH ORDINALITY AS l(ord, product_id, qty, position)
), priced AS MATERIALIZED (
  SELECT id, name, price_cents
    FROM products
   WHERE id IN (SELECT product_id FROM line) AND deleted_at IS NULL
   ORDER BY id
     FOR SHARE
), wanted AS MATERIALIZED (
  SELECT o.ord, o.user_id,
         nextval(pg_get_serial_sequence('orders', 'id')) AS id,
         COALESCE(json_agg(json_build_array(l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty) ORDER BY l.position)
                    FILTER (WHERE p.id IS NOT NULL), '[]'::json) AS items,
         COALESCE(sum(p.price_cents * l.qty), 0)::int8 AS total_cents,
         count(l.product_id) > 0 AND count(p.id) = count(l.product_id) AS complete
    FROM unnest(:userIds!::int8[]) WITH ORDINALITY AS o(user_id, ord)
    LEFT JOIN line l ON l.ord = o.ord
    LEFT JOIN priced p ON p.id = l.product_id
   GROUP BY o.ord, o.user_id
), change AS (
  SELECT w.*, sum(w.total_cents) OVER (PARTITION BY w.user_id ORDER BY w.ord) AS running_cents
    FROM wanted w
   WHERE w.complete
), payer AS MATERIALIZED (
  SELECT u.id, u.balance_cents, u.email
    FROM users u
   WHERE u.id IN (SELECT user_id FROM change) AND EXISTS (SELECT 1 FROM queue)
   ORDER BY u.id
     FOR NO KEY UPDATE
), judged AS MATERIALIZED (
  SELECT c.*, p.balance_cents AS found_cents, p.email, c.running_cents <= p.balance_cents AS covered,
         lag(c.running_cents <= p.balance_cents, 1, true) OVER (PARTITION BY c.user_id ORDER BY c.ord) AS reached
    FROM change c
    JOIN payer p ON p.id = c.user_id
), debited AS (
  UPDATE users u
     SET balance_cents = u.balance_cents - t.total_cents
    FROM (SELECT user_id, sum(total_cents) AS total_cents FROM judged WHERE covered GROUP BY user_id) t
   WHERE u.id = t.user_id
     AND u.balance_cents >= t.total_cents
  RETURNING u.id
), paid AS MATERIALIZED (
  SELECT j.*
    FROM judged j
    JOIN debited d ON d.id = j.user_id
   WHERE j.covered
), ledger AS (
  INSERT INTO balance_ledger (user_id, amount_cents, kind, reference)
  SELECT user_id, -total_cents, 'order_debit', 'order:' || id
    FROM paid
   ORDER BY ord
), inserted AS (
  INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, paid_at)
  OVERRIDING SYSTEM VALUE
  SELECT id, user_id, 'paid', 'balance', total_cents, :currency!::text, now()
    FROM paid
   ORDER BY id
  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
), written AS (
  INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)
  SELECT pd.id, l.product_id, p.name, p.price_cents, l.qty, p.price_cents * l.qty
    FROM paid pd
    JOIN line l ON l.ord = pd.ord
    JOIN priced p ON p.id = l.product_id
   ORDER BY l.position
), jobs AS (
  INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,
                          expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
  SELECT gen_random_uuid(), q.name, jsonb_build_object('orders', (SELECT jsonb_agg(jsonb_build_object('id', id, 'user_id', user_id) ORDER BY ord) FROM paid)),
         0, now(), NULL, NULL, q.dead_letter,
         COALESCE(q.expire_seconds * interval '1s', :expireInSeconds!::numeric * interval '1s'),
         now() + CAST(COALESCE((q.retention_minutes * 60)::text, :keepUntil!::text) AS interval),
         COALESCE(:retryLimit!::int, q.retry_limit),
         CASE WHEN COALESCE(q.retry_backoff, :retryBackoff!::bool) THEN GREATEST(COALESCE(q.retry_delay, :retryDelay!::int), 1)
              ELSE COALESCE(q.retry_delay, :retryDelay!::int) END,
         COALESCE(q.retry_backoff, :retryBackoff!::bool), q.policy
    FROM queue q
   WHERE EXISTS (SELECT 1 FROM paid)
  RETURNING id
)
SELECT w.ord AS "position!", w.id AS "id!", w.items AS "items!", w.total_cents AS "total_cents!",
       j.reached AS "judged?", (j.found_cents - j.running_cents + j.total_cents)::int8 AS "balance_cents?",
       i.user_id AS "user_id?", j.email AS "user_email?", i.status AS "status?", i.payment_method AS "payment_method?",
       i.currency AS "currency?", i.created_at AS "created_at?", i.paid_at AS "paid_at?", i.cancelled_at AS "cancelled_at?",
       EXISTS (SELECT 1 FROM queue) AS "queue_found!",
       EXISTS (SELECT 1 FROM jobs) AS "job_written!"
  FROM wanted w
  LEFT JOIN judged j ON j.ord = w.ord
  LEFT JOIN inserted i ON i.id = w.id
 ORDER BY w.ord;

/* @name GetOrderForUser */
-- Owner-scoped: someone else's order is not found, exactly like a missing one.
SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at
  FROM orders o
  JOIN users u ON u.id = o.user_id
 WHERE o.id = :id! AND o.user_id = :userId!;

/* @name ListOrdersForUser */
-- Keyset page on id DESC, any status, read through orders_user_idx. The first page passes the
-- largest int8 as beforeId, so the statement has no optional filter and stays a named prepared
-- statement whose generic plan is the one wanted (no planning per page). The user's e-mail and
-- orders_version (what a cached copy of the page is checked against: GetOrdersVersion) come from
-- the join. Each order's lines come with it, in insertion order, as one JSON array of
-- [product_id, product_name, unit_price_cents, qty, line_total_cents] arrays: an index probe of
-- order_items_order_idx per order inside this one statement, so a page is one round trip and
-- 50 short JSON texts to parse instead of a second statement and 150 rows to decode.
SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at, u.orders_version,
       COALESCE((SELECT json_agg(json_build_array(i.product_id, i.product_name, i.unit_price_cents, i.qty, i.line_total_cents) ORDER BY i.id)
                   FROM order_items i
                  WHERE i.order_id = o.id), '[]'::json) AS "items!"
  FROM orders o
  JOIN users u ON u.id = o.user_id
 WHERE o.user_id = :userId!
   AND o.id < :beforeId!::int8
 ORDER BY o.id DESC
 LIMIT :limit!::int8;

/* @name GetOrdersVersion */
-- What a cached orders page of the user was rendered at must still equal this for the page to be
-- sent again (migration 0015 bumps it with any change to the user's orders, their lines or the
-- user's e-mail). One primary-key lookup; no row for an unknown user.
SELECT orders_version FROM users WHERE id = :userId!;

/* @name ListOrdersForUserWithStatus */
-- ListOrdersForUser for one status, read through orders_user_status_idx.
SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at, u.orders_version,
       COALESCE((SELECT json_agg(json_build_array(i.product_id, i.product_name, i.unit_price_cents, i.qty, i.line_total_cents) ORDER BY i.id)
                   FROM order_items i
                  WHERE i.order_id = o.id), '[]'::json) AS "items!"
  FROM orders o
  JOIN users u ON u.id = o.user_id
 WHERE o.user_id = :userId!
   AND o.status = :status!::text
   AND o.id < :beforeId!::int8
 ORDER BY o.id DESC
 LIMIT :limit!::int8;

/* @name ListOrderItemsByOrderIds */
-- The lines of many orders at once (a page of them): one array parameter, never a statement per
-- order. Read through order_items_order_idx, in insertion order within each order.
SELECT order_id, product_id, product_name, unit_price_cents, qty, line_total_cents
  FROM order_items
 WHERE order_id = ANY(:orderIds!::int8[])
 ORDER BY order_id, id;

/* @name CancelOrderForUser */
-- One conditional UPDATE decides the cancellation: it applies only while the order is in one of
-- fromStatuses, so of two concurrent cancels exactly one wins (the other waits for the row lock,
-- then re-checks the status and matches nothing). When it changes nothing, the second branch
-- returns the order as this statement's snapshot saw it (cancelled = false): a row means 409, no
-- row means 404. paid_at is kept, so the caller can tell a paid order (to refund) from a pending one.
-- ("x!" aliases tell pgtyped the columns are NOT NULL, which it cannot infer through UNION ALL.)
WITH cancelled AS (
  UPDATE orders
     SET status = 'cancelled', cancelled_at = now()
   WHERE id = :id! AND user_id = :userId! AND status = ANY(:fromStatuses!::text[])
  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
)
SELECT c.id AS "id!", c.user_id AS "user_id!", u.email AS "user_email!", c.status AS "status!",
       c.payment_method AS "payment_method!", c.total_cents AS "total_cents!", c.currency AS "currency!",
       c.created_at AS "created_at!", c.paid_at, c.cancelled_at, true AS "cancelled!"
  FROM cancelled c
  JOIN users u ON u.id = c.user_id
UNION ALL
SELECT o.id, o.user_id, u.email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at, false
  FROM orders o
  JOIN users u ON u.id = o.user_id
 WHERE o.id = :id! AND o.user_id = :userId!
   AND NOT EXISTS (SELECT 1 FROM cancelled);

/* @name GetOrderForNotification */
-- Not owner-scoped: for e-mails about an order (confirmation, payment failed), sent by background
-- jobs that act for the system, never for a request. The recipient is the owner's e-mail.
SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at
  FROM orders o
  JOIN users u ON u.id = o.user_id
 WHERE o.id = :id!;

/* @name GetOrderPaymentState */
-- What the payment jobs need to know of an order, by id alone: jobs act for no user (their payload
-- is the order id their own transaction wrote).
SELECT id, user_id, status, payment_method, total_cents, currency, gateway_charge_id, gateway_refund_id
  FROM orders
 WHERE id = :id!;

/* @name RecordCardCharge */
-- A gateway charge for a card order came back. One statement decides, under the row lock: a
-- `pending` order becomes `paid` (paid_at now) with the charge; any other keeps its status and
-- only remembers the charge (a `cancelled` or `payment_failed` order then needs it refunded). The
-- first charge id stays: an order has one idempotency key, so one charge. previous_status is the
-- status the lock saw, i.e. after any concurrent cancel committed (READ COMMITTED re-reads the
-- locked row), so a cancel and a charge can never both believe they won.
WITH current_order AS (
  SELECT id, status
    FROM orders
   WHERE id = :id! AND payment_method = 'card'
     FOR UPDATE
)
UPDATE orders o
   SET status = CASE WHEN c.status = 'pending' THEN 'paid' ELSE o.status END,
       paid_at = CASE WHEN c.status = 'pending' THEN now() ELSE o.paid_at END,
       gateway_charge_id = coalesce(o.gateway_charge_id, :chargeId!::text)
  FROM current_order c
 WHERE o.id = c.id
RETURNING c.status AS previous_status, o.status, o.gateway_charge_id AS "gateway_charge_id!";

/* @name MarkCardOrderPaymentFailed */
-- The payment will not happen (last attempt failed, or the card was declined): only a
-- still-pending card order becomes payment_failed (failed = true). Otherwise the second branch
-- returns the order as it is (failed = false): paid, cancelled or already failed meanwhile. No
-- row: no such card order. ("x!" aliases: pgtyped cannot infer NOT NULL through UNION ALL.)
WITH failed AS (
  UPDATE orders
     SET status = 'payment_failed'
   WHERE id = :id! AND payment_method = 'card' AND status = 'pending'
  RETURNING id, status, gateway_refund_id
)
SELECT f.status AS "status!", f.gateway_refund_id, true AS "failed!"
  FROM failed f
UNION ALL
SELECT o.status, o.gateway_refund_id, false
  FROM orders o
 WHERE o.id = :id! AND o.payment_method = 'card'
   AND NOT EXISTS (SELECT 1 FROM failed);

/* @name RecordCardRefund */
-- The gateway refunded an order that is not to be paid for (cancelled, or payment_failed with a
-- stray charge). Keeps the first refund id; records the charge too when it was found at the
-- gateway rather than on the order.
UPDATE orders
   SET gateway_refund_id = coalesce(gateway_refund_id, :refundId!::text),
       gateway_charge_id = coalesce(gateway_charge_id, :chargeId!::text)
 WHERE id = :id! AND payment_method = 'card' AND status IN ('cancelled', 'payment_failed')
RETURNING id;

/* @name CountOrdersForUserBetween */
-- Orders placed (created) in [periodStart, periodEnd), whatever their status now: a range scan of
-- orders_user_created_idx.
SELECT count(*)::int AS "count!"
  FROM orders
 WHERE user_id = :userId!
   AND created_at >= :periodStart!::timestamptz
   AND created_at < :periodEnd!::timestamptz;
