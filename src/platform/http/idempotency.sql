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
