-- The balance ledger and orders. users.balance_cents changes only together with a ledger row, in
-- one transaction, through a conditional UPDATE; the balance always equals the sum of its rows.

CREATE TABLE balance_ledger (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  amount_cents bigint      NOT NULL CHECK (amount_cents <> 0 AND abs(amount_cents) <= 9007199254740991),
  kind         text        NOT NULL CHECK (kind IN ('adjustment', 'order_debit', 'refund')),
  reference    text        NOT NULL CHECK (char_length(reference) <= 280),
  created_by   bigint      REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX balance_ledger_user_idx ON balance_ledger (user_id, id DESC);

CREATE TABLE orders (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status         text        NOT NULL CHECK (status IN ('pending', 'paid', 'payment_failed', 'cancelled')),
  payment_method text        NOT NULL CHECK (payment_method IN ('balance', 'card')),
  total_cents    bigint      NOT NULL CHECK (total_cents BETWEEN 0 AND 9007199254740991),
  currency       text        NOT NULL CHECK (currency IN ('USD', 'EUR', 'GBP')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  paid_at        timestamptz,
  cancelled_at   timestamptz,
  -- paid_at is set exactly when an order becomes paid and is kept when a paid order is cancelled,
  -- so a cancelled order with a paid_at was paid (cancellation decides refunds on it).
  CONSTRAINT orders_paid_at_check CHECK (
    CASE status WHEN 'paid' THEN paid_at IS NOT NULL
                WHEN 'cancelled' THEN true
                ELSE paid_at IS NULL END),
  CONSTRAINT orders_cancelled_at_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX orders_user_idx ON orders (user_id, id DESC);
CREATE INDEX orders_user_status_idx ON orders (user_id, status, id DESC);

CREATE TABLE order_items (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id         bigint  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  -- Products are soft-deleted, so an order's items keep their product.
  product_id       bigint  NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  product_name     text    NOT NULL,
  unit_price_cents bigint  NOT NULL CHECK (unit_price_cents > 0),
  qty              integer NOT NULL CHECK (qty BETWEEN 1 AND 1000),
  line_total_cents bigint  NOT NULL CHECK (line_total_cents = unit_price_cents * qty)
);
CREATE INDEX order_items_order_idx ON order_items (order_id, id);
CREATE INDEX order_items_product_idx ON order_items (product_id);
