-- Password resets, and the record of e-mails already sent (so a retried send_email job is a no-op).

-- A reset is a single-use, expiring token e-mailed to the user. Only its SHA-256 is looked up.
-- The e-mail job gets this row's id, never the token, so the token is also kept sealed
-- (AES-256-GCM under a key derived from SECRET_KEY, the hash as associated data): the job opens
-- it to build the link, and the seal is erased once the reset can no longer be used.
-- used_at is set when the reset is used, and on every other open reset of the user at that moment.
CREATE TABLE password_resets (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   bytea       NOT NULL,
  token_sealed bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  CONSTRAINT password_resets_token_hash_key UNIQUE (token_hash),
  CONSTRAINT password_resets_expiry_check CHECK (expires_at > created_at),
  CONSTRAINT password_resets_sealed_check CHECK (used_at IS NULL OR token_sealed IS NULL)
);
-- Serves the per-user request throttle (recent resets of a user) and closing a user's open resets.
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at);
-- For the housekeeping job that deletes expired resets.
CREATE INDEX password_resets_expires_at_idx ON password_resets (expires_at);

-- Message-IDs are derived from what a message is about (e.g. <order-confirmation-42@host>), so a
-- row here means "this message was accepted by the mail server (or written to the outbox)".
-- Inserted after the send succeeds: a crash between the two can still send twice (at least once).
CREATE TABLE sent_emails (
  message_id text        PRIMARY KEY CHECK (char_length(message_id) BETWEEN 3 AND 255),
  recipient  text        NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sent_emails_sent_at_idx ON sent_emails (sent_at);
