/* @name HitBuckets */
-- One hit on each key in the window starting at :windowStart; each key's count so far. A named
-- prepared statement: it runs for every write request and every capped side effect, and planning
-- it anew each time cost PostgreSQL more than running it (measured: 150 µs vs 65 µs a call).
INSERT INTO rate_limit_buckets AS b (key, window_start, count)
SELECT k, :windowStart!::timestamptz, 1 FROM unnest(:keys!::text[]) AS k
    ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + 1
RETURNING b.key, b.count;

/* @name PurgeOldBuckets */
-- Up to :batch windows that ended more than a minute ago (the database's clock), oldest first.
WITH doomed AS (
  SELECT key, window_start FROM rate_limit_buckets
   WHERE window_start < now() - interval '2 minutes'
   ORDER BY window_start
   LIMIT :batch!::int8
), deleted AS (
  DELETE FROM rate_limit_buckets b USING doomed d
   WHERE b.key = d.key AND b.window_start = d.window_start
  RETURNING 1
)
SELECT count(*)::int AS "deleted!" FROM deleted;
