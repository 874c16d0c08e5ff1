-- Customers and the invoices a user issues to them. Both are owner-scoped.

CREATE TABLE customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  email      text        CHECK (email IS NULL OR char_length(email) BETWEEN 3 AND 254),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_owner_id_idx ON customers (owner_id, id DESC);

CREATE TABLE invoices (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- RESTRICT: a customer with invoices cannot be deleted (the API answers 409).
  customer_id  bigint      NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  amount_cents bigint      NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000),
  currency     text        NOT NULL CHECK (currency IN ('USD', 'EUR', 'GBP')),
  memo         text        NOT NULL DEFAULT '' CHECK (char_length(memo) <= 280),
  status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'void')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  paid_at      timestamptz,
  voided_at    timestamptz,
  CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
  CHECK ((status = 'void') = (voided_at IS NOT NULL))
);
CREATE INDEX invoices_owner_id_idx ON invoices (owner_id, id DESC);
CREATE INDEX invoices_owner_status_idx ON invoices (owner_id, status, id DESC);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id, id DESC);
