-- Users, API tokens and the login throttle.
-- Ids are bigint identities; money is bigint minor units, bounded below 2^53 by CHECK constraints
-- so that it survives the trip to a JSON number (see src/platform/db/types.ts).

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text        NOT NULL CHECK (email = lower(email) AND char_length(email) BETWEEN 3 AND 254),
  name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 150),
  password_hash text        NOT NULL,
  is_staff      boolean     NOT NULL DEFAULT false,
  is_active     boolean     NOT NULL DEFAULT true,
  balance_cents bigint      NOT NULL DEFAULT 0 CHECK (balance_cents >= 0 AND balance_cents <= 9007199254740991),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email)
);

-- Opaque bearer tokens: only the SHA-256 of the token is stored.
CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   bytea       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);
CREATE INDEX api_tokens_expires_at_idx ON api_tokens (expires_at);

-- Failed login attempts, counted over a sliding window per e-mail and per client address.
-- `email` is the normalised address as typed (the account may not exist). Rows older than the
-- window are useless; the housekeeping job deletes them by occurred_at.
CREATE TABLE login_failures (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email       text        NOT NULL,
  client_ip   text        NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, occurred_at);
CREATE INDEX login_failures_client_ip_idx ON login_failures (client_ip, occurred_at);
CREATE INDEX login_failures_occurred_at_idx ON login_failures (occurred_at);
