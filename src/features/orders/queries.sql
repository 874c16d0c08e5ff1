/* @name InsertPricedOrder */
-- Prices the order from the catalog and writes it with all its lines, in one statement (a round
-- trip less than reading the prices first). The lines arrive as two parallel arrays (product ids,
-- each at most once, and quantities), so the statement text never depends on their number. The
-- live products among them are read FOR SHARE, in id order as GetOrderableProducts does: a
-- concurrent price change or delete waits until the order's transaction ends, so the order is
-- priced as it is stored. Only when every line's product was found is anything inserted; else no
-- row comes back and the caller finds out which are missing. A paid order (balance) is paid now;
-- the caller debits it in the same transaction. The lines come back, in the order given, as one
-- JSON array of [product_id, product_name, unit_price_cents, qty, line_total_cents] arrays.
WITH priced AS (
  SELECT id, name, price_cents
    FROM products
   WHERE id = ANY(:productIds!::int8[]) AND deleted_at IS NULL
   ORDER BY id
     FOR SHARE
), lines AS (
  SELECT l.product_id, p.name AS product_name, p.price_cents AS unit_price_cents, l.qty, l.position
    FROM unnest(:productIds!::int8[], :qtys!::int4[]) WITH ORDINALITY AS l(product_id, qty, position)
    JOIN priced p ON p.id = l.product_id
), total AS (
  SELECT COALESCE(sum(unit_price_cents * qty), 0)::int8 AS cents, count(*) AS found FROM lines
), inserted AS (
  INSERT INTO orders (user_id, status, payment_method, total_cents, currency, paid_at)
  SELECT :userId!, :status!::text, :paymentMethod!::text, total.cents, :currency!::text,
         CASE WHEN :status!::text = 'paid' THEN now() END
    FROM total
   WHERE total.found = cardinality(:productIds!::int8[])
  RETURNING id, user_id, status, payment_method, total_cents, currency, created_at, paid_at, cancelled_at
), written AS (
  INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)
  SELECT inserted.id, l.product_id, l.product_name, l.unit_price_cents, l.qty, l.unit_price_cents * l.qty
    FROM inserted
   CROSS JOIN lines l
   ORDER BY l.position
)
SELECT o.id, o.user_id, u.email AS user_email, o.status, o.payment_method, o.total_cents, o.currency,
       o.created_at, o.paid_at, o.cancelled_at,
       (SELECT json_agg(json_build_array(l.product_id, l.product_name, l.unit_price_cents, l.qty, l.unit_price_cents * l.qty) ORDER BY l.position)
          FROM lines l) AS "items!"
  FROM inserted o
  JOIN users u ON u.id = o.user_id;

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
