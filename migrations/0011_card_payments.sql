-- Card payments. Two unrelated parts, in one file because they ship together:
--
-- 1. The product's own columns: which gateway charge paid a card order, and which gateway refund
--    gave it back. Nullable, no default, no constraint: adding them only touches the catalog (no
--    table rewrite, no scan), so it is safe on a busy orders table.
ALTER TABLE orders ADD COLUMN gateway_charge_id text;
ALTER TABLE orders ADD COLUMN gateway_refund_id text;

-- 2. NOT PRODUCT DATA: the storage of the built-in `simulated` payment gateway (PAYMENT_GATEWAY=
--    simulated). It plays the part of the payment provider's own database, which a real gateway
--    keeps on its side: every charge and refund it has accepted, keyed by the caller's idempotency
--    key, so that a repeated request returns the first result instead of charging again. It lives
--    in PostgreSQL (not in memory) because web and worker may be separate processes, and so tests
--    can count charges. Nothing in the product reads these tables; only the simulator does.
CREATE TABLE simulated_gateway_charges (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text        NOT NULL UNIQUE CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
  amount_cents    bigint      NOT NULL CHECK (amount_cents BETWEEN 1 AND 9007199254740991),
  currency        text        NOT NULL,
  description     text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE simulated_gateway_refunds (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text        NOT NULL UNIQUE CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
  charge_id       bigint      NOT NULL REFERENCES simulated_gateway_charges (id),
  amount_cents    bigint      NOT NULL CHECK (amount_cents BETWEEN 1 AND 9007199254740991),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX simulated_gateway_refunds_charge_idx ON simulated_gateway_refunds (charge_id);
