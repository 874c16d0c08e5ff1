-- Staff admin: server-side sessions and the audit log of every change made through the admin.

-- A session is found by the SHA-256 of its cookie value, so a leaked table (or backup) does not
-- hand out live sessions. Idle and absolute expiry are checked by the statement that reads it.
CREATE TABLE admin_sessions (
  token_hash   bytea       PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text        NOT NULL CHECK (char_length(csrf_token) BETWEEN 32 AND 128),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX admin_sessions_user_idx ON admin_sessions (user_id);
-- Housekeeping deletes sessions idle past the timeout.
CREATE INDEX admin_sessions_last_seen_idx ON admin_sessions (last_seen_at);

-- Who changed what, when, through the admin. actor_email is kept so the row stays readable after
-- the staff user is deleted. before/after are JSON snapshots of the registered fields.
CREATE TABLE admin_audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id    bigint      REFERENCES users (id) ON DELETE SET NULL,
  actor_email text        NOT NULL,
  action      text        NOT NULL CHECK (action IN ('create', 'update', 'delete', 'action')),
  model       text        NOT NULL CHECK (char_length(model) BETWEEN 1 AND 100),
  object_id   text        NOT NULL CHECK (char_length(object_id) BETWEEN 1 AND 100),
  object_repr text        NOT NULL CHECK (char_length(object_repr) <= 300),
  summary     text        NOT NULL DEFAULT '' CHECK (char_length(summary) <= 300),
  before      jsonb,
  after       jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_log_created_idx ON admin_audit_log (created_at, id);
CREATE INDEX admin_audit_log_object_idx ON admin_audit_log (model, object_id, id DESC);
CREATE INDEX admin_audit_log_actor_idx ON admin_audit_log (actor_id, id DESC);
