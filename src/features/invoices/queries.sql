/* @name InsertInvoiceForOwner */
-- The ownership check and the insert are one statement: zero rows back means customer_id is not
-- one of the owner's customers. A customer deleted concurrently fails the foreign key (23503).
WITH customer AS (
  SELECT id, name FROM customers WHERE id = :customerId! AND owner_id = :ownerId!
), inserted AS (
  INSERT INTO invoices (owner_id, customer_id, amount_cents, currency, memo)
  SELECT :ownerId!, customer.id, :amountCents!, :currency!, :memo! FROM customer
  RETURNING id, customer_id, amount_cents, currency, memo, status, created_at, paid_at
)
SELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,
       i.status, i.created_at, i.paid_at
  FROM inserted i
  JOIN customer c ON c.id = i.customer_id;

/* @name GetInvoicesForOwners */
-- Owner-scoped lookups, one or several at once (InvoiceLookups), each an (id, owner) pair: a row
-- per pair that is the owner's invoice (someone else's is not found, exactly like a missing one),
-- with the pair's place in the arrays (1-based). The customer's name is joined.
SELECT l.position AS "position!", i.id, i.customer_id, c.name AS customer_name, i.amount_cents,
       i.currency, i.memo, i.status, i.created_at, i.paid_at
  FROM unnest(:ids!::int8[], :ownerIds!::int8[]) WITH ORDINALITY AS l(id, owner_id, position)
  JOIN invoices i ON i.id = l.id AND i.owner_id = l.owner_id
  JOIN customers c ON c.id = i.customer_id;

/* @name ListInvoicesForOwner */
-- Keyset page on id DESC with optional filters (NULL = any); the customer comes from the join,
-- so a page is one statement whatever its size.
SELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,
       i.status, i.created_at, i.paid_at
  FROM invoices i
  JOIN customers c ON c.id = i.customer_id
 WHERE i.owner_id = :ownerId!
   AND (:status::text IS NULL OR i.status = :status::text)
   AND (:customerId::int8 IS NULL OR i.customer_id = :customerId::int8)
   AND (:beforeId::int8 IS NULL OR i.id < :beforeId::int8)
 ORDER BY i.id DESC
 LIMIT :limit!::int8;

/* @name TransitionInvoiceForOwner */
-- One conditional UPDATE: it applies only while the invoice is in fromStatus, so two concurrent
-- transitions cannot both win. When it changes nothing, the second branch returns the invoice as
-- this statement's snapshot saw it (transitioned = false): a row means 409, no row means 404.
-- ("x!" aliases tell pgtyped the columns are NOT NULL, which it cannot infer through UNION ALL.)
-- Invoices are never deleted on their own, so the two branches cannot disagree about existence.
WITH updated AS (
  UPDATE invoices
     SET status    = :toStatus!::text,
         paid_at   = CASE WHEN :toStatus!::text = 'paid' THEN now() ELSE paid_at END,
         voided_at = CASE WHEN :toStatus!::text = 'void' THEN now() ELSE voided_at END
   WHERE id = :id! AND owner_id = :ownerId! AND status = :fromStatus!::text
  RETURNING id, customer_id, amount_cents, currency, memo, status, created_at, paid_at
)
SELECT u.id AS "id!", u.customer_id AS "customer_id!", c.name AS "customer_name!",
       u.amount_cents AS "amount_cents!", u.currency AS "currency!", u.memo AS "memo!",
       u.status AS "status!", u.created_at AS "created_at!", u.paid_at, true AS "transitioned!"
  FROM updated u
  JOIN customers c ON c.id = u.customer_id
UNION ALL
SELECT i.id, i.customer_id, c.name AS customer_name, i.amount_cents, i.currency, i.memo,
       i.status, i.created_at, i.paid_at, false AS transitioned
  FROM invoices i
  JOIN customers c ON c.id = i.customer_id
 WHERE i.id = :id! AND i.owner_id = :ownerId!
   AND NOT EXISTS (SELECT 1 FROM updated);

/* @name SumInvoicesForOwnerByCurrency */
-- The dashboard's figures, per currency, in one statement: open invoices (outstanding) and those
-- paid in [periodStart, periodEnd). Each branch of the OR is an index range scan
-- (invoices_owner_status_idx, invoices_owner_paid_idx); currencies with neither are not returned.
SELECT currency,
       coalesce(sum(amount_cents) FILTER (WHERE status = 'open'), 0)::int8 AS "outstanding_cents!",
       coalesce(sum(amount_cents) FILTER (WHERE status = 'paid'), 0)::int8 AS "paid_cents!"
  FROM invoices
 WHERE owner_id = :ownerId!
   AND (status = 'open'
        OR (paid_at >= :periodStart!::timestamptz AND paid_at < :periodEnd!::timestamptz))
 GROUP BY currency
 ORDER BY currency;
