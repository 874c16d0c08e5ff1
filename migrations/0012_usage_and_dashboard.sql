-- Usage metering, and the indexes the dashboard's monthly figures need.

-- One row per metered event. The primary key makes event_id unique per user: a repeat is inserted
-- with ON CONFLICT DO NOTHING, so the first event with an id wins, whatever the later quantity.
CREATE TABLE usage_events (
  user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event_id    text        NOT NULL CHECK (char_length(event_id) BETWEEN 1 AND 128),
  metric      text        NOT NULL CHECK (metric ~ '^[a-z][a-z0-9_.]{0,63}$'),
  quantity    bigint      NOT NULL CHECK (quantity BETWEEN 1 AND 1000000000),
  occurred_at timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, event_id)
);
-- A month's sums are one range scan of this index, read without visiting the table (INCLUDE).
CREATE INDEX usage_events_user_occurred_idx ON usage_events (user_id, occurred_at) INCLUDE (metric, quantity);

-- Dashboard: orders placed in a month, and invoices paid in a month, per owner, as range scans
-- instead of reading every order or invoice the user ever had.
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at);
CREATE INDEX invoices_owner_paid_idx ON invoices (owner_id, paid_at) WHERE paid_at IS NOT NULL;
