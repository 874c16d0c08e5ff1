/* @name RecordSimulatedCharge */
-- The simulated gateway's own storage (the card_payments migration), not product data. Records a charge, or
-- returns the one already recorded under this idempotency key, in one statement. DO UPDATE (a
-- no-op assignment) rather than DO NOTHING so the existing row is returned even when a concurrent
-- call with the same key committed it after this statement's snapshot was taken: the row lock
-- makes the second caller wait for the first and then see its row.
INSERT INTO simulated_gateway_charges (idempotency_key, amount_cents, currency, description)
VALUES (:idempotencyKey!, :amountCents!::int8, :currency!, :description!)
ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
RETURNING id, idempotency_key, amount_cents, currency;

/* @name GetSimulatedChargeByKey */
-- The simulated gateway's search by idempotency key (PaymentGateway.findCharge).
SELECT id, idempotency_key, amount_cents, currency
  FROM simulated_gateway_charges
 WHERE idempotency_key = :idempotencyKey!;

/* @name LockSimulatedCharge */
-- Locks a charge while a refund of it is decided, so concurrent refunds of one charge (same key
-- or not) are serialised and cannot together refund more than was charged.
SELECT c.id, c.amount_cents,
       (SELECT coalesce(sum(r.amount_cents), 0) FROM simulated_gateway_refunds r WHERE r.charge_id = c.id)::int8 AS "refunded_cents!"
  FROM simulated_gateway_charges c
 WHERE c.id = :chargeId!
   FOR UPDATE OF c;

/* @name GetSimulatedRefundByKey */
-- A refund already recorded under this idempotency key (a repeated request answers with it).
SELECT id, idempotency_key, charge_id, amount_cents
  FROM simulated_gateway_refunds
 WHERE idempotency_key = :idempotencyKey!;

/* @name InsertSimulatedRefund */
-- Only after LockSimulatedCharge, in the same transaction, has checked the amount.
INSERT INTO simulated_gateway_refunds (idempotency_key, charge_id, amount_cents)
VALUES (:idempotencyKey!, :chargeId!::int8, :amountCents!::int8)
RETURNING id, idempotency_key, charge_id, amount_cents;
