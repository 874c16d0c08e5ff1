-- Write rate limits (platform/http/rate-limit.ts): one counter per key (`user:<id>`, `addr:<ip>`)
-- per fixed one-minute window, shared by every web process. A request bumps its keys with one
-- multi-row upsert; rows of past windows are dead weight that housekeeping deletes.
-- UNLOGGED: counters lost in a crash only forgive a minute of writes, and WAL for every write
-- request's counter would double the write traffic of the API for nothing.
CREATE UNLOGGED TABLE rate_limit_buckets (
  key          text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
  window_start timestamptz NOT NULL,
  count        integer     NOT NULL CHECK (count >= 1),
  PRIMARY KEY (key, window_start)
);
-- For the housekeeping DELETE of past windows.
CREATE INDEX rate_limit_buckets_window_start_idx ON rate_limit_buckets (window_start);
