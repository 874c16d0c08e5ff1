-- Stored outcomes of requests sent with an Idempotency-Key, replayed for 24 hours.

CREATE TABLE idempotency_keys (
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  route           text        NOT NULL,
  key             text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  request_hash    text        NOT NULL,
  response_status integer     NOT NULL,
  response_body   jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, route, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
