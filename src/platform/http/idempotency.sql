/* @name DeleteExpiredIdempotencyKeys */
-- Housekeeping: up to `limit` stored outcomes past their replay window (idempotency_keys_created_at_idx).
-- The window is the one Idempotency.handle() reads with, measured by the database clock.
WITH doomed AS (
  SELECT user_id, route, key
    FROM idempotency_keys
   WHERE created_at < now() - make_interval(hours => :ttlHours!)
   ORDER BY created_at
   LIMIT :limit!
), deleted AS (
  DELETE FROM idempotency_keys k
   USING doomed d
   WHERE k.user_id = d.user_id AND k.route = d.route AND k.key = d.key
  RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted;

/* @name LockIdempotencyKey */
-- Marks the key in flight for the rest of the transaction; false when another transaction holds
-- it. A statement of its own, before the stored outcome is read: under READ COMMITTED a statement
-- reads the snapshot taken when it started, so a read in the same statement could miss the outcome
-- the lock's previous holder committed just before the lock was taken.
SELECT pg_try_advisory_xact_lock(hashtextextended(:lockKey!::text, 0)) AS "locked!";

/* @name GetStoredOutcome */
-- The outcome stored for the key within its replay window, if any.
SELECT request_hash, response_status, response_body
  FROM idempotency_keys
 WHERE user_id = :userId! AND route = :route! AND key = :key! AND created_at > now() - make_interval(hours => :ttlHours!);

/* @name StoreOutcome */
-- The work's outcome, replacing one whose window had passed (it was not read above).
INSERT INTO idempotency_keys (user_id, route, key, request_hash, response_status, response_body)
VALUES (:userId!, :route!, :key!, :requestHash!, :responseStatus!, :responseBody!::jsonb)
    ON CONFLICT (user_id, route, key) DO UPDATE
   SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
       response_body = EXCLUDED.response_body, created_at = now();
